"""Finding the repository without a git process agrees with git, and leaves git every case
it cannot judge from the files (linked worktrees, bare repositories, a moved work tree,
environment variables that steer git's search)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from konzeptdoc.store import discover
from konzeptdoc.store.revisions import locate


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path, isolated_git: None) -> Path:
    root = tmp_path / "repo"
    (root / "concepts" / "x").mkdir(parents=True)
    (root / "konzeptdoc.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "eins")
    return root.resolve()


def _by_git(folder: Path) -> tuple[Path, Path]:
    top, git_dir = _git(folder, "rev-parse", "--show-toplevel", "--absolute-git-dir").splitlines()
    return Path(top), Path(git_dir)


def test_found_as_git_finds_it(checkout: Path) -> None:
    for folder in (checkout, checkout / "concepts" / "x"):
        assert discover.find(folder) == _by_git(folder)
        root, git_dir, git = locate(folder)
        assert (root, git_dir) == _by_git(folder)
        assert git.root == root


def test_left_to_git_where_the_files_do_not_decide(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linked = tmp_path / "linked"
    _git(checkout, "worktree", "add", "-q", str(linked))
    assert discover.find(linked) is None  # a .git file
    root, git_dir, _ = locate(linked)  # git answers instead
    assert (root, git_dir) == _by_git(linked)

    bare = tmp_path / "bare.git"
    _git(tmp_path, "clone", "-q", "--bare", str(checkout), str(bare))
    assert discover.find(bare) is None

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(checkout.parent))
    assert discover.find(checkout) is None
    monkeypatch.delenv("GIT_CEILING_DIRECTORIES")
    assert discover.find(checkout) is not None

    _git(checkout, "config", "core.worktree", str(tmp_path))
    assert discover.find(checkout) is None
    _git(checkout, "config", "--unset", "core.worktree")
    _git(checkout, "config", "include.path", "elsewhere")
    assert discover.find(checkout) is None


def test_no_repository_is_left_to_git(tmp_path: Path, isolated_git: None) -> None:
    # git's own search and its message decide (here: no repository at all above).
    plain = tmp_path / "plain"
    plain.mkdir()
    assert discover.find(plain) in (None, _maybe_enclosing(plain))


def _maybe_enclosing(folder: Path) -> tuple[Path, Path] | None:
    done = subprocess.run(
        ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.split()
    return (Path(lines[0]), Path(lines[1])) if done.returncode == 0 and len(lines) == 2 else None


def test_loose_objects_read_as_git_reads_them(checkout: Path) -> None:
    from konzeptdoc.store import loose

    (checkout / "concepts" / "x" / "a.yaml").write_text("id: a\n" * 50, encoding="utf-8")
    _git(checkout, "add", "-A")
    _git(checkout, "commit", "-q", "-m", "zwei")
    _git(checkout, "tag", "-a", "-m", "Beschluss", "v1")
    _, _, git = locate(checkout)
    assert git.loose == checkout / ".git" / "objects"
    names = _git(checkout, "rev-list", "--objects", "--all").split()
    names = [n for n in names if len(n) == 40] + [_git(checkout, "rev-parse", "v1"), "0" * 40]
    direct = git.objects(names)
    git.loose = None
    assert direct == git.objects(names)  # every one as cat-file gives it, the unknown None
    objects = checkout / ".git" / "objects"
    assert all(loose.read(objects, n, 1 << 20) is not None for n in names[:-1])
    assert loose.read(objects, names[0], 10) is None  # over the cap: git refuses it
    spare = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=checkout, input=b"x" * 99,
                           capture_output=True, check=True).stdout.decode().strip()  # fmt: skip
    damaged = objects / spare[:2] / spare[2:]
    damaged.chmod(0o644)
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    assert loose.read(objects, spare, 1 << 20) is None
    damaged.unlink()
    _git(checkout, "gc", "-q", "--prune=now")  # packed: git reads them
    assert all(loose.read(objects, n, 1 << 20) is None for n in names[1:])
    git.loose = objects
    assert git.objects(names[1:]) == direct[1:]
