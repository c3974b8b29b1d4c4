"""A hostile history: a blob over the size cap in an old commit is refused by every reader of
the history (batch reads included) from git's header, naming its file and the revision that
brought it, before its contents are held."""

from __future__ import annotations

import subprocess
import tracemalloc
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from konzeptdoc.files.paths import MAX_FILE_BYTES
from tests.conftest import write_repo

pytestmark = pytest.mark.usefixtures("isolated_git")

FIELD = "concepts/test/fields/arbeit.yaml"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A repository whose second commit makes arbeit.yaml 1 MB larger than the cap (plain
    git: konzeptdoc's own commit refuses it) and whose third commit is harmless."""
    root = tmp_path / "repo"
    write_repo(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "gut")
    with (root / FIELD).open("a", encoding="utf-8") as stream:
        stream.write("# " + "x" * (MAX_FILE_BYTES + (1 << 20)) + "\n")
    git(root, "commit", "-q", "-am", "zu groß")
    git(root, "checkout", "-q", "HEAD~1", "--", FIELD)
    git(root, "commit", "-q", "-am", "wieder klein")
    return root


def test_batch_read_refuses_a_huge_blob_from_its_header(history: Path) -> None:
    repository = konzeptdoc.Repository.open(history)
    small = git(history, "rev-parse", f"HEAD:{FIELD}").strip()
    huge = git(history, "rev-parse", f"HEAD~1:{FIELD}").strip()
    short = git(history, "rev-parse", "--short=7", "HEAD~1").strip()
    tracemalloc.start()
    try:
        with pytest.raises(konzeptdoc.FileTooLargeError) as caught:
            repository.git.objects([small, huge, small])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MAX_FILE_BYTES // 4  # the 9 MB were never held
    assert caught.value.path == Path(FIELD)
    assert f"Revision {short} „zu groß“" in str(caught.value)
    assert "9,1 MB groß" in str(caught.value)
    [found] = repository.git.objects([small])  # the next batch reads as before
    assert found is not None and found[0] == "blob" and b"id: arbeit" in found[1]


def test_history_commands_name_the_file_and_revision(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = git(history, "rev-parse", "--short=7", "HEAD~1").strip()
    for args in (
        ["history", "test", "m-beratung"],
        ["history", "test", "arbeit"],
        ["blame", "test"],
        ["diff", "test", "HEAD~2", "HEAD~1"],
        ["show", "test", "--rev", "HEAD~1"],
    ):
        assert main(["-C", str(history), *args]) == 1, args
        err = capsys.readouterr().err
        assert f"{FIELD}: Die Datei ist 9,1 MB groß (eingecheckt mit Revision {short}" in err
        assert "Traceback" not in err
    assert git(history, "status", "--porcelain") == ""


def test_pull_refuses_their_huge_blob(history: Path, tmp_path: Path) -> None:
    """Their side brings the huge file; ours changed it too: the merge names it and changes
    nothing (it must never read it as "removed")."""
    ours = tmp_path / "ours"
    git(tmp_path, "clone", "-q", str(history), str(ours))
    git(ours, "reset", "-q", "--hard", "HEAD~2")
    field = ours / FIELD
    field.write_text(field.read_text().replace("Anerkennungsberatung", "Beratung"))
    git(ours, "commit", "-q", "-am", "unsere")
    head = git(ours, "rev-parse", "HEAD")
    git(history, "reset", "-q", "--hard", "HEAD~1")  # theirs ends with the huge file
    repository = konzeptdoc.Repository.open(ours)
    with pytest.raises(konzeptdoc.FileTooLargeError) as caught:
        repository.pull()
    assert caught.value.path == Path(FIELD) and "eingecheckt mit Revision" in str(caught.value)
    assert git(ours, "rev-parse", "HEAD") == head and git(ours, "status", "--porcelain") == ""
    assert "Beratung" in field.read_text()
