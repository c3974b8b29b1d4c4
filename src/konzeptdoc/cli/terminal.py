"""Output for a terminal: control characters from a repository are shown, never obeyed.

A commit message, a file name or a YAML text (``"\\e[2J"`` is a valid YAML escape) can carry
escape sequences a terminal would carry out: clear the screen, move the cursor over earlier
lines to forge them, set the window title, write the clipboard (OSC 52). On a terminal every
control character but newline and tab is shown in caret notation (``^[``); konzeptdoc's own
colours pass. Pipes and files get the text as it is: programs read it (JSON escapes its own).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
from typing import TextIO

_OURS = frozenset(("\x1b[31m", "\x1b[32m", "\x1b[0m"))  # red, green, reset (diff, history)
_CONTROL = re.compile("\x1b\\[(?:3[12]|0)m|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def colour_wanted(stream: TextIO) -> bool:
    """Colours only on a terminal that shows them, and not when the user asked for none
    (``NO_COLOR`` set and not empty, as no-color.org agrees; ``TERM=dumb``)."""
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def printable(text: str) -> str:
    """`text` with every control character shown, not obeyed (our colours kept)."""
    return _CONTROL.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    found = match.group(0)
    if found in _OURS:
        return found
    code = ord(found)
    return f"^{chr(code ^ 0x40)}" if code < 0x20 or code == 0x7F else f"\\x{code:02x}"


class TerminalOut(io.TextIOBase):
    """A terminal stream that writes `printable` text."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._stream.fileno()


# What German text needs beyond Latin-1's letters, written plainly where the locale lacks it.
_PLAIN = {"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-", "—": "-"}
_PLAIN |= {"…": "...", "→": "->", "·": "-", "€": "EUR", "\u00a0": " ", "\u202f": " "}


def _plainly(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_PLAIN.get(char, "?") for char in text), error.end


def sturdy_streams() -> None:
    """Standard output and error that can say everything konzeptdoc says, whatever the locale
    (and that exist: a stream the caller closed becomes the null device).

    Under an ASCII locale (``LC_ALL=C`` with Python's UTF-8 mode off) Python would fail on
    the first umlaut; like Python's own UTF-8 mode, konzeptdoc then writes UTF-8. Under
    another narrow locale (Latin-1, cp1252) it keeps the locale's encoding and writes what
    the encoding lacks plainly (quotes, dashes, "..."), "?" for anything else.
    """
    codecs.register_error("konzeptdoc-plain", _plainly)
    # Started with a stream closed (`konzeptdoc log >&-`): Python gives None, where every
    # write would fail. What was meant is "I don't want to see it": it goes nowhere.
    if sys.stdout is None:
        sys.stdout = os.fdopen(os.open(os.devnull, os.O_WRONLY), "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = os.fdopen(os.open(os.devnull, os.O_WRONLY), "w", encoding="utf-8")
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        encoding = codecs.lookup(stream.encoding).name
        if encoding.startswith("utf"):
            continue
        if encoding == "ascii":  # file names come back as their bytes, as in UTF-8 mode
            stream.reconfigure(encoding="utf-8", errors="surrogateescape")
        else:
            stream.reconfigure(errors="konzeptdoc-plain")
