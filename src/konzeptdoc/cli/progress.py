"""Progress of long commands on stderr – only on a terminal, never with --quiet.

One status line, rewritten in place (carriage return, erase to the end of the line) with
the step and the seconds so far; erased when the command ends, so what stays on the screen
is the command's own output. In a pipe, a log file or a CI job nothing is written: the
library only reports steps through its optional `progress` callbacks, the command line
decides whether anyone sees them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from types import TracebackType
from typing import TextIO


class Progress:
    """A callable that shows a step (``progress("LibreOffice: PDF")``); a context manager
    that erases the line at the end."""

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, step: str) -> None:
        if not self.enabled:
            return
        seconds = f"{time.monotonic() - self.started:.0f}"
        text = f"konzeptdoc: {step} … ({seconds} s)"
        width = shutil.get_terminal_size().columns - 1
        if len(text) > width > 10:
            text = text[: width - 1] + "…"
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()
        self.shown = True

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.shown:  # the next output (or the prompt) starts on a clean line
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def progress(args: argparse.Namespace) -> Progress:
    """The progress line for this command: on stderr if it is a terminal and not --quiet
    (and the terminal can erase a line: not ``TERM=dumb``)."""
    stream = sys.stderr
    quiet = bool(getattr(args, "quiet", False))
    able = stream.isatty() and os.environ.get("TERM") != "dumb"
    return Progress(stream, enabled=not quiet and able)
