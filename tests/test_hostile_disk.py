"""A full disk: the message names the file (a write on a descriptor has no name of its own)
and what to do; the file that was there stays whole, no temporary file is left; git's
"Out of diskspace" is told as such, not as a lock in the way."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from konzeptdoc.cli import describe, main
from konzeptdoc.files import atomic
from konzeptdoc.store.gitsays import meaning


def test_full_disk_names_the_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Konzept.docx"
    target.write_bytes(b"alt")

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as caught:
        atomic.write_atomically_bytes(target, b"neu" * 1000)
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    assert describe(caught.value) == f"{target}: kein Speicherplatz frei"
    assert target.read_bytes() == b"alt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Konzept.docx"]


@pytest.mark.parametrize(
    "said",
    [
        "fatal: sha1 file '/r/.git/index.lock' write error. Out of diskspace",
        "error: unable to write file x: No space left on device",
        "fatal: write error: Disk quota exceeded",
    ],
)
def test_git_on_a_full_disk_says_so(said: str) -> None:
    assert meaning(said).startswith("kein Speicherplatz frei: auf dem Datenträger Platz schaffen")


@pytest.mark.parametrize(
    "said",
    [
        "error: unable to write tag file",
        "fatal: Unable to create '/r/.git/index.lock': Permission denied",
        "error: insufficient permission for adding an object to repository database",
    ],
)
def test_git_without_write_permission_is_not_told_as_a_login_problem(said: str) -> None:
    assert meaning(said).startswith("git kann nicht ins Repository schreiben")
    assert meaning("fatal: Authentication failed").startswith("der Zugang wurde abgelehnt")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_another_users_repository_says_what_git_distrusts(
    repo: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    os.chown(repo, 65534, 65534)  # a shared drive: the folder belongs to someone else
    assert main(["-C", str(repo), "log"]) == 2
    err = capsys.readouterr().err
    assert "git vertraut diesem Repository nicht, weil es einem anderen Benutzer gehört" in err
    assert f"safe.directory {repo}“" in err  # was: "kein git-Repository"


def test_a_work_tree_set_elsewhere_by_the_repository_is_not_followed(
    tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mailed repository whose .git/config sets core.worktree to another concept folder:
    `commit` took that folder's files (and `push` would have sent them away)."""
    from tests.conftest import write_repo

    evil, victim = tmp_path / "evil", tmp_path / "victim"
    write_repo(evil)
    write_repo(victim)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=evil, check=True)
    subprocess.run(["git", "config", "core.worktree", str(victim)], cwd=evil, check=True)
    for args in (["commit", "-m", "x"], ["log"], ["build", "test", "-o", str(tmp_path / "x.docx")]):
        assert main(["-C", str(evil), *args]) == 2, args
        err = capsys.readouterr().err
        assert f"git arbeitet hier in einem anderen Ordner ({victim})" in err
    log = subprocess.run(["git", "log"], cwd=evil, capture_output=True, text=True)
    assert log.returncode != 0  # nothing committed


def test_ctrl_c_while_saving_several_files_waits_until_all_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is replaced whole anyway; a Ctrl-C between two of them left a concept half
    saved. The interruption now arrives after the last one."""
    import signal

    from konzeptdoc.files import save

    arrived: list[int] = []

    def interrupted(number: int, frame: object) -> None:
        arrived.append(len(list(tmp_path.glob("*.yaml"))))
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupted)
    original = atomic._staged

    def write_then_press_ctrl_c(path: Path, data: bytes) -> Path:
        staged = original(path, data)
        os.kill(os.getpid(), signal.SIGINT)  # pressed after the first file
        return staged

    monkeypatch.setattr(atomic, "_staged", write_then_press_ctrl_c)
    try:
        with pytest.raises(KeyboardInterrupt):
            save.apply_changes(tmp_path, {"a.yaml": "a: 1\n", "b.yaml": "b: 2\n"})
    finally:
        signal.signal(signal.SIGINT, previous)
    assert arrived == [2]  # both files were there when the interruption came


def test_the_repositorys_credential_helper_never_runs(
    tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mailed repository's .git/config named `credential.helper = !sh -c …`: git ran it on
    a pull that met a login. The user's own helper still runs."""
    import http.server
    import threading

    from tests.conftest import write_repo

    class Login(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="x"')
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Login)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        repo = tmp_path / "repo"
        write_repo(repo)
        url = f"http://127.0.0.1:{server.server_address[1]}/r.git"
        for args in (
            ["init", "-q", "-b", "main"],
            ["remote", "add", "origin", url],
            ["config", "credential.helper", f"!touch {tmp_path / 'theirs'}; echo"],
            ["config", "--global", "credential.helper", f"!touch {tmp_path / 'mine'}; echo"],
        ):
            subprocess.run(["git", *args], cwd=repo, check=True)
        assert main(["-C", str(repo), "pull"]) == 2
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "theirs").exists() and (tmp_path / "mine").exists()


def test_the_repositorys_git_proxy_never_runs(
    tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """`core.gitProxy` names a program git runs to reach a git:// remote; set by the
    repository's own config it ran on `pull` (first match wins: no -c can override it)."""
    from tests.conftest import write_repo

    repo = tmp_path / "repo"
    write_repo(repo)
    proxy = repo / "proxy.sh"  # shipped inside the mailed repository
    proxy.write_text(f"#!/bin/sh\ntouch {tmp_path / 'ran'}\n")
    proxy.chmod(0o755)
    for args in (
        ["init", "-q", "-b", "main"],
        ["remote", "add", "origin", "git://127.0.0.1:9/r.git"],
        ["config", "core.gitProxy", str(proxy)],
    ):
        subprocess.run(["git", *args], cwd=repo, check=True)
    assert main(["-C", str(repo), "pull"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "ran").exists()


def test_fetch_and_push_never_enter_submodules(tmp_path: Path, isolated_git: None) -> None:
    """A submodule's own config is not scanned for programs: konzeptdoc's git never recurses
    into one, whatever the repository's config says."""
    from konzeptdoc.store.gitcmd import Git

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for key, value in (("submodule.recurse", "true"), ("fetch.recurseSubmodules", "yes")):
        subprocess.run(["git", "config", key, value], cwd=tmp_path, check=True)
    git = Git(tmp_path)
    said = {
        key: git.run("config", "--get", key).strip()
        for key in ("submodule.recurse", "fetch.recurseSubmodules", "push.recurseSubmodules")
    }
    assert said == {
        "submodule.recurse": "false",
        "fetch.recurseSubmodules": "false",
        "push.recurseSubmodules": "no",
    }


def test_a_full_disk_while_saving_several_files_writes_none_of_them(tmp_path: Path) -> None:
    """Each file was replaced in turn: a full disk at the second left the first new and the
    second old (a measure naming a goal its field file did not have yet). Now every file is
    written beside its target first and renamed only when all are complete."""
    from konzeptdoc.files import save
    from tests.conftest import disk_full_at_sync

    (tmp_path / "a.yaml").write_text("a: alt\n")
    (tmp_path / "b.yaml").write_text("b: alt\n")
    (tmp_path / "c.yaml").write_text("c: bleibt\n")
    with pytest.raises(OSError) as caught, disk_full_at_sync(2):
        save.apply_changes(tmp_path, {"a.yaml": "a: neu\n", "b.yaml": "b: neu\n", "c.yaml": None})
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(tmp_path / "b.yaml")
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {
        "a.yaml": "a: alt\n",
        "b.yaml": "b: alt\n",
        "c.yaml": "c: bleibt\n",  # nor is a file deleted
    }
    save.apply_changes(tmp_path, {"a.yaml": "a: neu\n", "b.yaml": "b: neu\n", "c.yaml": None})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]
    assert (tmp_path / "a.yaml").read_text() == "a: neu\n"
