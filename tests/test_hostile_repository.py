"""A repository someone else prepared (a zip with its .git, a clone): what its .git holds
never makes konzeptdoc connect anywhere, and what it lacks is told in German."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from tests.conftest import AUTHOR, sample_repository

pytestmark = pytest.mark.usefixtures("isolated_git")
CONCEPT = "integrationskonzept"


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def run(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["-C", str(root), *args], stdout=io.StringIO())
    return code, capsys.readouterr().err


@pytest.fixture
def listener() -> Iterator[tuple[str, list[int]]]:
    """An address on this machine that counts every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    accepted: list[int] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/konzepte.git", accepted
    stop.set()
    thread.join()
    server.close()


def test_partial_clone_fetches_nothing_and_a_missing_file_is_named(
    tmp_path: Path, listener: tuple[str, list[int]], capsys: pytest.CaptureFixture[str]
) -> None:
    address, accepted = listener
    root = tmp_path / "repo"
    sample_repository(root).close()
    field = root / "concepts" / CONCEPT / "fields" / "sport.yaml"
    old = git(root, "rev-parse", f"HEAD:{field.relative_to(root).as_posix()}").stdout.strip()
    field.write_text(field.read_text(encoding="utf-8") + "# neu\n", encoding="utf-8")
    assert run(root, "commit", "-m", "Zweite", "--author", AUTHOR, capsys=capsys)[0] == 0
    # The mailed repository claims to be a partial clone of a server the sender chose, and
    # lacks the first version of sport.yaml: git fetches what it lacks from there.
    for key, value in {
        "core.repositoryFormatVersion": "1",
        "extensions.partialClone": "origin",
        "remote.origin.url": address,
        "remote.origin.promisor": "true",
    }.items():
        git(root, "config", key, value)
    (root / ".git" / "objects" / old[:2] / old[2:]).unlink()
    git(root, "cat-file", "-p", old)
    assert accepted, "plain git connects to the promisor remote"
    accepted.clear()

    for args in (["diff", CONCEPT, "HEAD~1", "HEAD"], ["blame", CONCEPT]):
        code, err = run(root, *args, capsys=capsys)
        assert code == 2, (args, err)
        assert "concepts/integrationskonzept/fields/sport.yaml: Der Inhalt dieser Datei" in err
        assert "fehlt im Repository oder ist beschädigt" in err, err
        assert "interner Fehler" not in err, err
    assert run(root, "log", capsys=capsys)[0] == 0
    assert not accepted, "konzeptdoc contacted the repository's promisor remote"


@pytest.mark.parametrize("how", ["gitdir-file", "link"])
def test_a_git_folder_elsewhere_is_refused_and_left_alone(
    tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The user's own repository, and a mailed folder whose .git names it.
    own = tmp_path / "konzepte"
    sample_repository(own).close()
    before = git(own, "for-each-ref").stdout + git(own, "status", "--porcelain").stdout
    mailed = tmp_path / "anhang"
    (mailed / "concepts").mkdir(parents=True)
    (mailed / "konzeptdoc.yaml").write_bytes((own / "konzeptdoc.yaml").read_bytes())
    if how == "link":
        (mailed / ".git").symlink_to(own / ".git")
    else:
        (mailed / ".git").write_text(f"gitdir: {own / '.git'}\n", encoding="utf-8")
    assert git(mailed, "rev-parse", "HEAD").returncode == 0  # git follows it

    for args in (["commit", "-m", "Anhang", "--author", AUTHOR], ["log"]):
        code, err = run(mailed, *args, capsys=capsys)
        assert code == 2, (args, err)
        assert "„.git“ verweist hier auf den git-Ordner eines anderen Repositorys" in err
    after = git(own, "for-each-ref").stdout + git(own, "status", "--porcelain").stdout
    assert after == before


def test_a_linked_worktree_of_the_repository_still_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    sample_repository(root).close()
    assert (
        git(root, "worktree", "add", "-q", "-b", "zweig", str(tmp_path / "zweig")).returncode == 0
    )
    field = tmp_path / "zweig" / "concepts" / CONCEPT / "fields" / "sport.yaml"
    field.write_text(field.read_text(encoding="utf-8") + "# neu\n", encoding="utf-8")
    assert (
        run(tmp_path / "zweig", "commit", "-m", "Im Zweig", "--author", AUTHOR, capsys=capsys)[0]
        == 0
    )
    assert git(root, "log", "-1", "--format=%s", "zweig").stdout.strip() == "Im Zweig"
    # git 2.48's worktree.useRelativePaths writes the way back relative to the git folder.
    back = root / ".git" / "worktrees" / "zweig" / "gitdir"
    back.write_text("../../../../zweig/.git\n", encoding="utf-8")
    assert run(tmp_path / "zweig", "log", capsys=capsys)[0] == 0


@pytest.mark.parametrize("entry", ["{outside}", '"../../../x"'])
def test_objects_borrowed_from_outside_are_refused(
    tmp_path: Path, entry: str, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "fremd"
    sample_repository(outside).close()
    root = tmp_path / "repo"
    sample_repository(root).close()
    alternates = root / ".git" / "objects" / "info" / "alternates"
    alternates.write_text(entry.format(outside=outside / ".git" / "objects") + "\n", "utf-8")
    for args in (["log"], ["blame", CONCEPT]):
        code, err = run(root, *args, capsys=capsys)
        assert code == 2, (args, err)
        assert "liest Objekte aus einem anderen Ordner" in err
        assert "objects/info/alternates" in err


@pytest.mark.parametrize("where", ["own", "included"])
def test_a_config_git_cannot_read_is_named_as_such(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    sample_repository(root).close()
    config = root / ".git" / "config"
    if where == "own":  # cut off in transit
        config.write_text(config.read_text(encoding="utf-8") + "[core\n", encoding="utf-8")
        named = ".git/config, Zeile "
    else:
        foreign = tmp_path / "fremd.txt"
        foreign.write_text("kein Eintrag\n", encoding="utf-8")
        with config.open("a", encoding="utf-8") as file:
            file.write(f"[include]\n\tpath = {foreign}\n")
        named = f"{foreign}, Zeile 1"
    # It read as "no repository", "unknown version HEAD" or "git does not know your name".
    for args in (["log"], ["blame", CONCEPT], ["commit", "-m", "x"]):
        code, err = run(root, *args, capsys=capsys)
        assert code == 2, (args, err)
        assert f"die git-Einstellungen sind fehlerhaft ({named}" in err, (args, err)


@pytest.mark.parametrize("command", [["log"], ["show", CONCEPT]])
def test_git_never_reads_the_terminal(tmp_path: Path, command: list[str]) -> None:
    root = tmp_path / "repo"
    sample_repository(root).close()
    with (root / ".git" / "config").open("a", encoding="utf-8") as file:
        file.write("[include]\n\tpath = /dev/stdin\n")
    # Standard input stays open and silent, as a terminal nobody types into: git (and
    # GitPython's config reader) read the config from it and waited forever.
    silent, kept_open = os.pipe()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "konzeptdoc", "-C", str(root), *command],
            stdin=silent, capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    finally:
        os.close(silent)
        os.close(kept_open)
    assert done.returncode == 2, done.stderr
    assert ".git/config: Die git-Einstellungen binden „/dev/stdin“ ein" in done.stderr


def test_pipes_where_commit_reads_are_refused_not_waited_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    sample_repository(root).close()
    participation = root / "concepts" / CONCEPT / "participation.yaml"
    participation.unlink()
    os.mkfifo(participation)  # a tar archive carries pipes
    [problem] = konzeptdoc.validate(root)  # it was left out, as if absent
    assert problem.file == participation and "keine gewöhnliche Datei" in problem.message
    assert run(root, "validate", capsys=capsys)[0] == 1
    participation.unlink()
    git(root, "checkout", "--", str(participation))
    (root / ".gitignore").unlink()
    os.mkfifo(root / ".gitignore")
    head = git(root, "rev-parse", "HEAD").stdout
    # git add opens .gitignore and waited for a writer forever.
    done = subprocess.run(
        [sys.executable, "-m", "konzeptdoc", "-C", str(root), "commit", "-m", "x"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert ".gitignore: ist keine gewöhnliche Datei (etwa eine Pipe" in done.stdout + done.stderr
    assert git(root, "rev-parse", "HEAD").stdout == head


@pytest.mark.parametrize("kind", ["bare", "checked-out"])
def test_a_push_into_a_folder_runs_none_of_its_programs(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A "server" repository next to the mailed one (or on a shared drive anyone may write
    # to): git runs its receive-pack there, with that repository's hooks and config.
    root, server, marker = tmp_path / "repo", tmp_path / "server", tmp_path / "ran.txt"
    sample_repository(root).close()
    (root / ".gitattributes").write_text("*.yaml filter=boese\n", encoding="utf-8")
    git(root, "add", ".gitattributes")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Attribute")
    bare = ["--bare"] if kind == "bare" else []
    assert git(tmp_path, "clone", "-q", *bare, str(root), str(server)).returncode == 0
    program = tmp_path / "programm"
    program.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\ncat\n', "utf-8")
    program.chmod(0o755)
    hooks = server / ("hooks" if bare else ".git/hooks")
    for hook in ("pre-receive", "update", "post-receive", "post-update", "reference-transaction",
                 "push-to-checkout", "post-checkout"):  # fmt: skip
        (hooks / hook).symlink_to(program)
    for key, value in {
        "core.alternateRefsCommand": str(program),
        "filter.boese.smudge": str(program),
        "filter.boese.clean": str(program),
        "receive.denyCurrentBranch": "updateInstead",  # a checkout: smudge filters run
    }.items():
        git(server, "config", key, value)
    git(root, "remote", "add", "origin", "../server")
    field = root / "concepts" / CONCEPT / "fields" / "sport.yaml"
    field.write_text(field.read_text(encoding="utf-8") + "# neu\n", encoding="utf-8")
    assert run(root, "commit", "-m", "Zweite", "--author", AUTHOR, capsys=capsys)[0] == 0
    assert run(root, "push", capsys=capsys)[0] == 0
    assert not marker.exists(), marker.read_text(encoding="utf-8")
    assert git(server, "rev-parse", "main").stdout == git(root, "rev-parse", "HEAD").stdout
    if not bare:  # checked out: the smudge filter had its chance
        assert (server / field.relative_to(root)).read_text(encoding="utf-8").endswith("# neu\n")
    git(root, "push", "-q", "origin", "HEAD:refs/heads/probe")  # plain git runs them
    assert "pre-receive" in marker.read_text(encoding="utf-8")


def test_replaced_objects_and_grafts_do_not_forge_the_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    sample_repository(root).close()
    concept = f"concepts/{CONCEPT}/concept.yaml"
    committed = git(root, "rev-parse", f"HEAD:{concept}").stdout.strip()
    forged = tmp_path / "concept.yaml"
    text = (root / concept).read_text(encoding="utf-8")
    forged.write_text(re.sub(r"(?m)^title: .*$", "title: Gefälscht", text), encoding="utf-8")
    other = git(root, "hash-object", "-w", str(forged)).stdout.strip()
    assert git(root, "replace", committed, other).returncode == 0
    head = git(root, "rev-parse", "HEAD").stdout.strip()
    (root / ".git" / "info" / "grafts").write_text(f"{head}\n", encoding="utf-8")  # no parent
    assert "Gefälscht" in git(root, "cat-file", "-p", f"HEAD:{concept}").stdout  # git obeys
    assert len(git(root, "log", "--format=%h").stdout.split()) == 1

    out = io.StringIO()
    assert main(["-C", str(root), "show", CONCEPT], stdout=out) == 0
    assert "Gefälscht" not in out.getvalue() and "Integrationskonzept 2021" in out.getvalue()
    out = io.StringIO()
    assert main(["-C", str(root), "log"], stdout=out) == 0
    assert "Konzept-Repository angelegt" in out.getvalue()  # the first commit, not grafted off


def test_a_damaged_object_is_told_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    sample_repository(root).close()
    blob = git(root, "rev-parse", f"HEAD:concepts/{CONCEPT}/concept.yaml").stdout.strip()
    loose = root / ".git" / "objects" / blob[:2] / blob[2:]
    loose.unlink()
    loose.write_bytes(b"kein zlib")  # cut off in transit, or a link git follows
    code, err = run(root, "show", CONCEPT, capsys=capsys)
    assert code == 2
    assert f"concepts/{CONCEPT}/concept.yaml: Der Inhalt dieser Datei" in err
    assert "fehlt im Repository oder ist beschädigt" in err, err  # it said: check the config


def test_concept_data_a_repository_ignores_is_committed_all_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    sample_repository(root).close()
    with (root / ".git" / "info" / "exclude").open("a", encoding="utf-8") as file:
        file.write("concepts/neu/\n")
    assert run(root, "new", "neu", "--title", "Neues Konzept", capsys=capsys)[0] == 0
    # It said "Nichts zu committen: das Arbeitsverzeichnis gleicht der letzten Revision".
    assert run(root, "commit", "-m", "Neues Konzept", "--author", AUTHOR, capsys=capsys)[0] == 0
    committed = git(root, "ls-tree", "-r", "--name-only", "HEAD", "concepts/neu").stdout.split()
    assert "concepts/neu/concept.yaml" in committed and len(committed) >= 2, committed
    assert git(root, "status", "--porcelain", "--ignored", "concepts").stdout == ""
