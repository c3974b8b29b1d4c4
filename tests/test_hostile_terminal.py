"""Escape sequences in a repository's texts reach a terminal as visible text, not commands."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from konzeptdoc.cli import main
from konzeptdoc.cli.terminal import printable
from tests.conftest import sample_repository

pytestmark = pytest.mark.usefixtures("isolated_git")
# Clear the screen, set the title, write the clipboard (OSC 52), rewrite the line.
HOSTILE = "Titel\x1b[2J\x1b]0;gehackt\x07\x1b]52;c;ZXZpbA==\x07\rFalsch\x9b31m"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_printable_shows_controls_and_keeps_our_colours() -> None:
    assert printable("a\tb\nc") == "a\tb\nc"
    assert printable("\x1b[31m[-alt-]\x1b[0m") == "\x1b[31m[-alt-]\x1b[0m"
    shown = printable(HOSTILE)
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert "\x9b" not in shown and shown.startswith("Titel^[[2J^[]0;gehackt^G")


def test_log_on_a_terminal_shows_escape_sequences_as_text(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    sample_repository(root).close()
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", HOSTILE], cwd=root, check=True)
    terminal, pipe = Terminal(), io.StringIO()
    assert main(["-C", str(root), "log"], stdout=terminal) == 0
    assert main(["-C", str(root), "log"], stdout=pipe) == 0
    assert "\x1b" not in terminal.getvalue() and "Titel^[[2J" in terminal.getvalue()
    assert HOSTILE.split("\r")[0] in pipe.getvalue()  # a pipe gets the text as it is
