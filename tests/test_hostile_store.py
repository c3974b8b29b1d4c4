"""Hostile edits of a repository: release names git would misread, stale git lock files."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from tests.conftest import AUTHOR, sample_repository

pytestmark = pytest.mark.usefixtures("isolated_git")
CONCEPT = "integrationskonzept"


def documented(error: type[konzeptdoc.KonzeptdocError]) -> int:
    """The exit status the CLI's one table gives an error class (1 until the table exists)."""
    import konzeptdoc.cli as cli

    mapping = getattr(cli, "exit_code", None)
    return 1 if mapping is None else int(mapping(error.__new__(error)))


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repository(tmp_path: Path) -> konzeptdoc.Repository:
    repository = sample_repository(tmp_path / "repo")
    git(repository.root, "branch", "entwurf")
    yield repository
    repository.close()


def _refs(root: Path) -> str:
    return git(root, "for-each-ref")


def test_release_names_git_would_misread_are_refused(
    repository: konzeptdoc.Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository.root
    short = git(root, "rev-parse", "--short=7", "HEAD").strip()
    before = _refs(root)
    for name in ("main", "entwurf", "HEAD", "head", short, "abcd", "refs/heads/x", "a b", "a..b"):
        with pytest.raises(konzeptdoc.ReleaseNameError) as caught:
            repository.release(name, body="Rat", date="2020-07-09")
        assert f"'{name}'" in str(caught.value) and "Namen" in str(caught.value)
    code = main(["-C", str(root), "release", "main", "--body", "Rat", "--date", "2020-07-09"])
    assert code == documented(konzeptdoc.ReleaseNameError) and "Zweig" in capsys.readouterr().err
    assert _refs(root) == before
    repository.release("integrationskonzept/2020-07-09", body="Rat", date="2020-07-09")
    assert repository.resolve("main") == repository.head()  # 'main' still means the branch


@pytest.mark.parametrize("lock", [".git/refs/heads/main.lock", ".git/HEAD.lock"])
def test_stale_git_lock_names_the_file_and_commits_nothing(
    repository: konzeptdoc.Repository, lock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository.root
    head = repository.head()
    (root / lock).write_text("", encoding="utf-8")
    concept = repository.load(CONCEPT)
    concept.title += " (geändert)"
    with pytest.raises(konzeptdoc.RefLockError) as caught:
        repository.save(concept, message="Titel", author=AUTHOR)
    assert caught.value.path == root / lock
    assert lock.removeprefix(".git/") in str(caught.value) and "löschen" in str(caught.value)
    assert repository.head() == head
    folder = root / "concepts" / CONCEPT
    assert git(root, "status", "--porcelain", "--", str(folder)) == ""  # nothing half-written
    assert not (root / ".git" / "konzeptdoc-journal.json").exists()
    field = next((folder / "fields").glob("*.yaml"))
    field.write_text(field.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    out = io.StringIO()
    code = main(["-C", str(root), "commit", "-m", "Leerzeile", "--author", AUTHOR], stdout=out)
    assert code == documented(konzeptdoc.RefLockError)
    assert lock.split("/")[-1] in capsys.readouterr().err
    assert repository.head() == head
    (root / lock).unlink()
    assert subprocess.run(["git", "fsck"], cwd=root, capture_output=True).returncode == 0
    args = ["-C", str(root), "commit", "-m", "Leerzeile", "--author", AUTHOR]
    assert main(args, stdout=out) == 0 and repository.head() != head  # works again


def test_stale_tag_lock_is_named_for_releases(repository: konzeptdoc.Repository) -> None:
    root = repository.root
    (root / ".git" / "refs" / "tags" / "integrationskonzept").mkdir(parents=True)
    lock = root / ".git" / "refs" / "tags" / "integrationskonzept" / "2020-07-09.lock"
    lock.write_text("", encoding="utf-8")
    with pytest.raises(konzeptdoc.RefLockError) as caught:
        repository.release("integrationskonzept/2020-07-09", body="Rat", date="2020-07-09")
    assert caught.value.path == lock and "2020-07-09.lock" in str(caught.value)
