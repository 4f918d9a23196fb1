"""A one-line progress bar on stderr for long ensembles: shown only on a terminal, only after a second."""

from __future__ import annotations

import sys
import time


class TerminalProgress:
    """Callable ``progress(done, total)``; draws nothing when stderr is not a terminal (pipes, CI, notebooks)
    or before ``delay`` seconds have passed, so quick runs stay quiet. ``close()`` ends the line."""

    def __init__(self, label: str = "draws", delay: float = 1.0, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label
        self.delay = delay
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.delay:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} {self.label}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
