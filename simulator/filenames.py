"""File names as text for the files a run writes.

Python holds a file name it cannot decode with the file-system encoding as surrogate escapes: under a locale
that is not UTF-8 (``LANG=C`` with ``PYTHONUTF8=0``, where that encoding is ASCII) ``план.yaml`` becomes
``'\\udcd0\\udcbf...yaml'``. Such a string opens the file, but no UTF-8 file can hold it, so a report naming the
scenario file ended the run in a UnicodeEncodeError. :func:`utf8_text` gives the name back: the escapes are the
name's own bytes, which on any current system are UTF-8 whatever the locale says; bytes that are not UTF-8 are
written as escapes (``\\xff``), so the text is always valid UTF-8 and says which bytes the name holds.

The other way, :func:`os_name` turns a name written as text (an ``extends:`` in a YAML file) into the string
that opens the file whose name is those characters' UTF-8 bytes, whatever the locale.
"""

from __future__ import annotations

import os


def utf8_text(text: str) -> str:
    """``text`` with surrogate-escaped bytes decoded as UTF-8 (other text unchanged).

    >>> utf8_text("\\udcd0\\udcbf\\udcd0\\udcbb.yaml")
    'пл.yaml'
    >>> utf8_text("plan \\udcff.yaml"), utf8_text("план.yaml")
    ('plan \\\\xff.yaml', 'план.yaml')
    """
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte (U+D800..U+DC7F, U+DD00..)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def utf8_tree(value):
    """:func:`utf8_text` on every string of nested dicts, lists and tuples (keys included), e.g. a provenance."""
    if isinstance(value, str):
        return utf8_text(value)
    if isinstance(value, dict):
        return {utf8_tree(k): utf8_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [utf8_tree(v) for v in value]
    return value


def os_name(text: str) -> str:
    """A file name written as text (a YAML ``extends``, a path given from Python) as the operating system spells
    it: its UTF-8 bytes decoded with the file-system encoding. Under a UTF-8 locale that is ``text`` itself;
    under ``LANG=C`` (ASCII) ``план.yaml`` becomes the surrogate escapes that open the file named in UTF-8, as
    Python spells that name when it reads it from the command line or a folder. Escapes already in ``text``
    stay the bytes they stand for; text no encoding can carry (a lone surrogate that stands for no byte) is
    returned as it is, for opening it to fail with a clear message."""
    try:
        return os.fsdecode(text.encode("utf-8", "surrogateescape"))
    except UnicodeError:
        return text
