"""A repository someone else prepared (a zip with its .git, a clone): what its .git holds
never makes konzeptdoc connect anywhere, and what it lacks is told in German."""

from __future__ import annotations

import io
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

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
        assert "fehlt im Repository" in err and "interner Fehler" not in err, err
    assert run(root, "log", capsys=capsys)[0] == 0
    assert not accepted, "konzeptdoc contacted the repository's promisor remote"
