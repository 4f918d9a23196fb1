"""``python -m simulator.cli``: the same as the ``regsim`` command."""

import sys

from . import main

sys.exit(main())
