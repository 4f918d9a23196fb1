"""What regsim's standard output and error do with text the terminal's encoding cannot carry.

Two kinds of such text reach them:

* **File names Python could not decode.** Under a locale whose encoding cannot spell a name's bytes
  (``LANG=C`` with ``PYTHONUTF8=0``: ASCII), Python holds each such byte as a surrogate escape, U+DC80..U+DCFF
  (``план`` is ``'\\udcd0\\udcbf...'``). They are written as the bytes they stand for, the bytes the file system
  has, as Python's own ``surrogateescape`` does for standard output under that locale: a path printed by
  ``regsim run --quiet`` can be given back to ``ls`` or ``cd``. Shown as ``\\udcd0`` it named no file.
* **Text in a script the encoding has no letter for** (a Cyrillic scenario name from a UTF-8 YAML file, "–",
  on an ASCII or Latin-1 terminal). It is written as a Python escape (``\\u0432``, ``\\u2013``), readable and
  pure ASCII, instead of ending the run in a UnicodeEncodeError. So is a lone surrogate that stands for no
  byte (U+D800..U+DC7F, U+DD00..U+DFFF).

Control characters are not this module's business: they are encodable, and the commands escape them in
anything that came from a file or a file name (:func:`simulator.summary.printable`, also for the control bytes
a surrogate-escaped name may hold), so a name cannot forge lines or recolour the terminal.
"""

from __future__ import annotations

import codecs
import contextlib
import sys

#: the name of the error handler below in Python's codec registry
ERRORS = "regsim.bytes_or_escapes"


def bytes_or_escapes(error: UnicodeError) -> tuple[str | bytes, int]:
    """Codec error handler: the leading run of surrogate escapes in ``error``'s unencodable span as the bytes
    they stand for; otherwise the leading run of other characters as ``\\x..``/``\\u..``/``\\U..`` escapes.
    The codec calls it again for the rest of the span (a handler may return bytes or text, not both)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    span = error.object[error.start : error.end]
    escapes = _is_surrogate_escape(span[0])
    length = 1
    while length < len(span) and _is_surrogate_escape(span[length]) == escapes:
        length += 1
    run = span[:length]
    if escapes:
        return bytes(ord(c) - 0xDC00 for c in run), error.start + length
    return run.encode("ascii", "backslashreplace").decode("ascii"), error.start + length


def _is_surrogate_escape(c: str) -> bool:
    return "\udc80" <= c <= "\udcff"


def write_names_as_bytes() -> None:
    """Standard output and error of this process write surrogate escapes as their bytes and other characters
    they cannot encode as escapes (:func:`bytes_or_escapes`), whatever their encoding: on a UTF-8 terminal the
    handler meets only surrogates (a name that is not UTF-8), which would otherwise end the run. A stream that
    cannot be reconfigured (a notebook's), or whose codec refuses bytes from a handler, is left as it is or
    falls back to escapes for everything."""
    codecs.register_error(ERRORS, bytes_or_escapes)
    for stream in (sys.stdout, sys.stderr):
        if not hasattr(stream, "reconfigure"):
            continue
        try:  # a codec that takes no bytes from an error handler (UTF-16, say) would fail mid-line: probe it
            "\udcd0\u2013".encode(stream.encoding or "ascii", ERRORS)
            errors = ERRORS
        except (UnicodeError, LookupError, TypeError):
            errors = "backslashreplace"
        with contextlib.suppress(ValueError, OSError):  # a stream already used in a way that forbids it
            stream.reconfigure(errors=errors)
