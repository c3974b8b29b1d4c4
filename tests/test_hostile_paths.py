"""Hostile places: a template or output that is a pipe or a device, output into .git, a
concept folder that is a symbolic link. Each is refused with a German message and exit
status 2 (1 for the concept data) before anything blocks, fills the memory or is replaced."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

from konzeptdoc.cli import main
from tests.conftest import snapshot


def test_template_that_is_a_pipe_or_device_is_refused(
    repo: Path, tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    pipe = tmp_path / "pipe.dotx"
    os.mkfifo(pipe)
    target = tmp_path / "out.docx"
    folder = repo / "concepts" / "test"
    for template in (pipe, Path("/dev/zero")):  # a pipe blocked forever, /dev/zero took 8 GB
        assert main(["build", str(folder), "--template", str(template), "-o", str(target)]) == 2
        err = capsys.readouterr().err
        assert f"{template}: Die Word-Vorlage ist keine Datei" in err and "Traceback" not in err
    (repo / "konzeptdoc.yaml").write_text(
        (repo / "konzeptdoc.yaml").read_text() + "template: vorlage.docx\n"
    )
    os.mkfifo(repo / "vorlage.docx")
    assert main(["-C", str(repo), "build", "test", "-o", str(target)]) == 2
    assert "Die Word-Vorlage ist keine Datei" in capsys.readouterr().err
    assert not target.exists()


def test_output_into_git_or_onto_a_pipe_is_refused(
    repo: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    os.mkfifo(repo / "pipe.docx")
    before = snapshot(repo)
    for output in (".git/HEAD", ".git/", ".git/objects/x.docx", "pipe.docx"):
        assert main(["-C", str(repo), "build", "test", "-o", output]) == 2, output
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert "in den Ordner .git schreibt konzeptdoc keine Ausgabe" in err or (
            "pipe.docx: ist keine Datei, sondern ein Ordner, ein Gerät oder eine Pipe" in err
        )
    assert main(["-C", str(repo), "schema", "-o", ".git/hooks"]) == 2
    assert "in den Ordner .git schreibt konzeptdoc keine Ausgabe" in capsys.readouterr().err
    assert snapshot(repo) == before
    assert stat.S_ISFIFO((repo / "pipe.docx").stat().st_mode)  # still the pipe
    assert subprocess.run(["git", "fsck"], cwd=repo, capture_output=True).returncode == 0


def test_concept_folder_that_is_a_link_is_refused_by_build(
    repo: Path, tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    elsewhere = tmp_path / "elsewhere"
    (repo / "concepts" / "test").rename(elsewhere)
    (repo / "concepts" / "test").symlink_to(elsewhere)
    target = tmp_path / "out.docx"
    assert main(["-C", str(repo), "build", "test", "-o", str(target)]) == 1
    assert "concepts/test: ist ein symbolischer Verweis" in capsys.readouterr().err
    assert not target.exists()


def test_office_run_ends_its_whole_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`soffice` starts `soffice.bin`; ending only `soffice` on a timeout or Ctrl-C left the
    other writing into the profile folder being removed ("user: Ordner ist nicht leer")."""
    from konzeptdoc.documents import office
    from konzeptdoc.errors import OfficeError

    monkeypatch.setattr(office, "TIMEOUT", 0.5)
    pidfile = tmp_path / "child.pid"
    script = f"sleep 30 & echo $! > {pidfile}; wait"  # a grandchild, as soffice.bin is
    with pytest.raises(OfficeError, match=r"nicht innerhalb von 0\.5 s"):
        office.run_office(["sh", "-c", script])
    status = Path(f"/proc/{int(pidfile.read_text())}/stat")
    for _ in range(100):  # SIGKILL is delivered at once; the kernel may take a moment
        if not status.exists() or status.read_text().split()[2] == "Z":
            break
        time.sleep(0.01)
    assert not status.exists() or status.read_text().split()[2] == "Z"
