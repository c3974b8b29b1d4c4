"""The README's Python example runs as written, after `konzeptdoc demo` (its Quick start)."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.samples.demo import replay, samples_dir

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    """Every ```python block of the README's section "Python", in order."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("\n## Python\n") :]
    section = section[: section.find("\n## ", 1) if "\n## " in section[1:] else None]
    return re.findall(r"^```python\n(.*?)^```$", section, re.M | re.S)


@pytest.mark.usefixtures("isolated_git")
def test_readme_python_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = python_blocks()
    assert len(blocks) >= 2 and "Repository.clone" in blocks[0]
    # What `konzeptdoc demo` leaves for the example (only the Wiesbaden repository is used).
    server = tmp_path / "konzeptdoc-demo" / "wiesbaden"
    replay(samples_dir() / "wiesbaden", server)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in blocks:
            exec(compile(block, str(README), "exec"), namespace)
    repo = namespace["repo"]
    assert isinstance(repo, konzeptdoc.Repository)
    repo.close()
    assert "m-sprachkitas" in printed.getvalue()
    # The push reached the server: its branch and tags are the clone's.
    with konzeptdoc.Repository.open(server) as origin:
        assert origin.load("integrationskonzept").title == "Integrationskonzept 2027–2031"
        assert "integrationskonzept/2026-03-19" in [r.tag for r in origin.releases()]
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=server, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""
