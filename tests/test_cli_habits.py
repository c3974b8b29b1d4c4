"""Everyday habits of a command-line tool: the user's git identity, the user's umask, quiet
ends in a pipe, and work from any folder inside a repository."""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from tests.conftest import snapshot, write_repo

pytestmark = pytest.mark.usefixtures("isolated_git")


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), stdout=out), out.getvalue()


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """A repository (concept `test`) committed by the configured user, Testperson."""
    root = tmp_path / "repo"
    konzeptdoc.Repository.init(root, municipality="Teststadt").close()
    shutil.rmtree(root / "schemas")  # write_repo writes them again
    write_repo(root)
    assert run("-C", str(root), "commit", "-m", "Konzept")[0] == 0
    return root


# -- part 5: the user's git identity ------------------------------------------------------


def test_commits_and_releases_carry_the_users_git_identity(committed: Path) -> None:
    people = git(committed, "log", "--format=%an <%ae>|%cn <%ce>").splitlines()
    assert people == ["Testperson <test@example.org>|Testperson <test@example.org>"] * 2
    status, _ = run(
        "-C", str(committed), "release", "test/1", "--body", "Rat", "--date", "2026-03-19"
    )
    assert status == 0
    assert git(committed, "tag", "-l", "--format=%(taggername) %(taggeremail)") == (
        "Testperson <test@example.org>"
    )


def test_git_author_environment_wins_and_the_user_stays_committer(
    committed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Erika Mustermann")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "erika@stadt.example")
    (committed / "concepts/test/concept.yaml").write_text(
        (committed / "concepts/test/concept.yaml").read_text().replace("Amt für", "Büro für")
    )
    assert run("-C", str(committed), "commit", "-m", "Federführung")[0] == 0
    assert git(committed, "log", "-1", "--format=%an <%ae>|%cn") == (
        "Erika Mustermann <erika@stadt.example>|Testperson"
    )


@pytest.fixture
def nobody(isolated_git: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git with no identity at all: an empty global config, no GIT_AUTHOR_*, no EMAIL."""
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))


@pytest.mark.usefixtures("nobody")
def test_without_identity_init_says_how_to_set_it_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run("init", str(tmp_path / "neu"), "--municipality", "Teststadt")
    err = capsys.readouterr().err
    assert status == 2, err
    assert 'git config --global user.name "Vorname Nachname"' in err and "--author" in err
    assert not (tmp_path / "neu").exists()
    assert (
        run("init", str(tmp_path / "neu"), "--municipality", "T", "--author", "A <a@b.de>")[0] == 0
    )


def test_without_identity_commit_and_release_write_nothing(
    committed: Path,
    nobody: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    concept = committed / "concepts/test/concept.yaml"
    concept.write_text(concept.read_text().replace("Amt für", "Büro für"))
    git(committed, "status")  # git refreshes its index's file times; not konzeptdoc's writing
    before, head = snapshot(committed), git(committed, "rev-parse", "HEAD")
    assert run("-C", str(committed), "commit", "-m", "x")[0] == 2
    assert (
        run("-C", str(committed), "release", "t/1", "--body", "Rat", "--date", "2026-01-01")[0] == 2
    )
    assert "user.email" in capsys.readouterr().err
    assert snapshot(committed) == before and git(committed, "rev-parse", "HEAD") == head
    assert git(committed, "tag", "-l") == ""


# -- part 6: the user's umask -------------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o027)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("umask")
def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    assert run("init", str(root), "--municipality", "Teststadt")[0] == 0
    assert run("-C", str(root), "new", "ik", "--title", "IK")[0] == 0
    assert run("-C", str(root), "build", "ik", "-o", str(tmp_path / "ik.docx"))[0] == 0
    assert run("-C", str(root), "schema", "-o", str(tmp_path / "schemas"))[0] == 0
    written = [
        root / "konzeptdoc.yaml",
        root / "concepts/ik/concept.yaml",
        tmp_path / "ik.docx",
        *sorted((tmp_path / "schemas").iterdir()),
    ]
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {
        p.name: "0o640" for p in written
    }


def test_a_saved_file_keeps_its_own_mode(committed: Path) -> None:
    concept_file = committed / "concepts/test/concept.yaml"
    concept_file.chmod(0o600)  # the user made it private
    concept = konzeptdoc.load_concept(committed / "concepts/test")
    concept.title = "Neuer Titel"
    konzeptdoc.save_concept(concept)
    assert stat.S_IMODE(concept_file.stat().st_mode) == 0o600


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_an_unwritable_target_is_named_not_the_temporary_file() -> None:
    from konzeptdoc.files.atomic import write_atomically_bytes

    with pytest.raises(OSError) as caught:  # /proc takes no new files, not even root's
        write_atomically_bytes(Path("/proc/konzeptdoc.docx"), b"x")
    assert caught.value.filename == "/proc/konzeptdoc.docx"


# -- part 7: a reader that goes away --------------------------------------------------------


@pytest.mark.parametrize("reader", ["head -1", "head -n 0"])
def test_log_into_a_closed_pipe_ends_quietly(committed: Path, reader: str) -> None:
    # A real pipe through the shell, as a user types it; pipefail reports konzeptdoc's status.
    command = f'set -o pipefail; "{sys.executable}" -m konzeptdoc -C "{committed}" log | {reader}'
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert len(result.stdout.splitlines()) == (1 if reader == "head -1" else 0)


# -- part 8: any folder inside the repository ---------------------------------------------


def test_commands_work_from_a_folder_inside_the_repository(
    committed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(committed / "concepts/test/fields")
    assert run("validate") == (0, "OK: keine Probleme gefunden\n")
    status, out = run("log")
    assert status == 0 and "Konzept" in out
    status, out = run("show", "test")
    assert status == 0 and "Bildung & Sprache" in out
    status, out = run("show", "..")  # the concept by its folder, as git takes paths
    assert status == 0 and "Bildung & Sprache" in out
    assert run("history", "test", "m-beratung")[0] == 0
    assert run("diff", "test", "HEAD", "HEAD", "--exit-code")[0] == 0
    # Document kinds and states by their German words, umlauts or not.
    plan = ["--kind", "Maßnahmenplan", "--status", "geplant", "--status", "in Umsetzung"]
    assert run("build", "test", "-o", "../../../plan.docx", *plan)[0] == 0
    assert (committed / "plan.docx").is_file()
    # every command takes the concept by a path in it: its folder, or "." inside it
    status, out = run("show", ".")
    assert status == 0 and "Bildung & Sprache" in out
    assert run("build", ".", "-o", "../../../plan.docx", "--kind", "measures")[0] == 0
    assert run("review", "..", "../../../plan.docx")[0] == 0
    assert run("release", "test/1", "--body", "Rat", "--date", "19.03.2026")[0] == 0
    assert run("report", ".", "--format", "html", "-o", "../../../bericht.html")[0] == 0
    assert (committed / "bericht.html").is_file()
    (committed / "concepts/test/fields/arbeit.yaml").write_text("schema_version: 1\nid: [\n")
    status, out = run("validate")
    assert status == 1 and out.startswith("../../test/fields/arbeit.yaml:3: ")
    status, out = run("commit", "-m", "kaputt")  # relative to here, not absolute
    assert status == 1 and out.startswith("arbeit.yaml:3: ")
    monkeypatch.chdir(committed / "concepts")
    assert run("validate")[1].startswith("test/fields/arbeit.yaml:3: ")


def test_a_release_with_uncommitted_edits_says_they_are_not_part_of_it(
    committed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = ["-C", str(committed), "release", "test/1", "--body", "Rat", "--date", "19.03.2026"]
    concept_file = committed / "concepts/test/concept.yaml"
    concept_file.write_text(concept_file.read_text().replace("title:", "title: Neu", 1))
    assert run(*release)[0] == 0
    assert "gehören nicht zu diesem Beschluss" in capsys.readouterr().err
    git(committed, "checkout", "--", ".")
    assert run(*release[:3], "test/2", *release[4:])[0] == 0
    assert "Hinweis" not in capsys.readouterr().err  # clean: nothing to say


def test_output_into_a_folder_named_with_a_slash(committed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ausgabe"  # not there yet: "-o ausgabe/" means a folder, as in cp
    build = ["-C", str(committed), "build", "test", "--kind", "measures", "-o", f"{folder}/"]
    assert run(*build)[0] == 0
    assert (folder / "test-massnahmenplan.docx").is_file()
    diff = ["-C", str(committed), "diff", "test", "HEAD", "HEAD", "--format", "html"]
    assert run(*diff, "-o", str(folder))[0] == 0  # an existing folder: the default name in it
    assert sorted(p.name for p in folder.iterdir()) == [
        "test-massnahmenplan.docx",
        "test-vergleich.html",
    ]
    before = snapshot(committed)  # -o naming a data file is a slip: refused, nothing written
    assert run("-C", str(committed), "build", "test", "-o", "concepts/test/concept.yaml")[0] == 2
    assert run(*diff, "-o", str(committed / "concepts/test/fields/arbeit.yml"))[0] == 2
    city = folder / "test-massnahmenplan.docx"  # built above; now the city's template
    again = ["-C", str(committed), "build", "test", "--template", str(city), "-o", str(city)]
    data = city.read_bytes()
    assert run(*again)[0] == 2 and city.read_bytes() == data
    assert snapshot(committed) == before


# -- part 11: progress on a terminal, nothing elsewhere -------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_shows_on_a_terminal_unless_quiet(
    committed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: bool
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("TERM", "xterm")  # CI may say "dumb", which gets no progress line
    args = ["-C", str(committed), *(["--quiet"] if quiet else []), "build", "test"]
    assert run(*args, "-o", str(tmp_path / "t.docx"))[0] == 0
    shown = terminal.getvalue()
    if quiet:
        assert shown == ""
    else:
        assert "\r\x1b[Kkonzeptdoc: Konzept laden … (" in shown
        assert "konzeptdoc: Word-Dokument erzeugen … (" in shown
        assert shown.endswith("\r\x1b[K")  # the line is erased at the end


def test_progress_needs_a_real_terminal(
    committed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pty

    monkeypatch.setenv("TERM", "xterm")
    command = [sys.executable, "-m", "konzeptdoc", "-C", str(committed), "diff", "test", "HEAD"]
    main_fd, terminal_fd = pty.openpty()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=terminal_fd) as process:
        os.close(terminal_fd)
        assert process.wait() == 0
    shown = b""
    with contextlib.suppress(OSError):  # EIO once the terminal's last writer has gone
        while chunk := os.read(main_fd, 4096):
            shown += chunk
    os.close(main_fd)
    assert b"konzeptdoc: Fassungen laden und vergleichen" in shown
    piped = subprocess.run(command, capture_output=True, check=True)
    assert piped.stderr == b""


@pytest.mark.parametrize(
    ("environment", "wanted"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"NO_COLOR": ""}, True), ({"TERM": "dumb"}, False)],
)
def test_colours_only_where_wanted(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], wanted: bool
) -> None:
    """no-color.org: NO_COLOR set and not empty turns colours off, as TERM=dumb does."""
    from konzeptdoc.cli.terminal import colour_wanted

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert colour_wanted(Terminal()) is wanted
    assert colour_wanted(io.StringIO()) is False


# -- a locale that is not UTF-8 ---------------------------------------------------------------


def test_an_ascii_locale_gets_german_output_not_a_crash(tmp_path: Path) -> None:
    """LC_ALL=C with Python's UTF-8 mode off: stdout is ASCII and file names are bytes.
    Umlauts, „quotes“ and a folder named with an umlaut still work (UTF-8 out, as Python's
    own UTF-8 mode would write), errors included; before, every umlaut was status 70."""
    root = tmp_path / "Ämter"
    konzeptdoc.Repository.init(root, municipality="Münster", author="Jörg <j@example.org>").close()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    environment |= {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    for args, status, said in [
        (["log"], 0, "Jörg"),
        (["valdate"], 2, "„valdate“ ist kein Befehl"),
        (["show", "nix"], 2, "kein Konzept „nix“"),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "konzeptdoc", *args],
            cwd=root,
            env=environment,
            capture_output=True,
            check=False,
        )
        assert done.returncode == status, done.stderr
        assert said.encode() in done.stdout + done.stderr
        assert b"Traceback" not in done.stderr and b"interner Fehler" not in done.stderr


def test_a_concept_not_yet_committed_is_named_as_such(
    committed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`new`, then `show`: the concept is in the folder but in no version yet."""
    assert run("-C", str(committed), "new", "neu", "--title", "Neu")[0] == 0
    capsys.readouterr()
    assert run("-C", str(committed), "show", "neu")[0] == 2
    err = capsys.readouterr().err
    assert "kein Konzept „neu“ (vorhanden: test); es liegt im Arbeitsverzeichnis" in err
    assert "„konzeptdoc commit -m …“" in err


def test_output_dash_means_the_screen_or_is_refused(
    committed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o -` is standard output where text goes there (diff); a Word document refuses it
    instead of writing into a new folder named "-"."""
    status, said = run("-C", str(committed), "diff", "test", "HEAD", "-o", "-")
    assert status == 0 and said.startswith("Bisher:")
    before = snapshot(committed)
    for args in (["build", "test"], ["diff", "test", "HEAD", "--format", "synopse"]):
        assert run("-C", str(committed), *args, "-o", "-")[0] == 2
        assert "-o „-“: dieses Ergebnis wird in eine Datei geschrieben" in capsys.readouterr().err
    assert run("-C", str(committed), "build", "test", "-o", " ")[0] == 2
    assert snapshot(committed) == before


def test_a_closed_output_stream_is_no_crash(committed: Path) -> None:
    """`konzeptdoc log >&- 2>&-`: Python starts with sys.stdout None; before, a traceback."""
    command = f"{shlex.quote(sys.executable)} -m konzeptdoc log >&- 2>/dev/null; echo $?"
    done = subprocess.run(
        ["sh", "-c", command], cwd=committed, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "0"


def test_a_latin1_locale_gets_quotes_and_dashes_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    from konzeptdoc.cli.terminal import sturdy_streams

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", stream)
    sturdy_streams()
    stream.write("„Maßnahme“ 2027–2031 … 12.000 € ✓\n")
    stream.flush()
    assert raw.getvalue() == '"Maßnahme" 2027-2031 ... 12.000 EUR ?\n'.encode("latin-1")


def test_clone_names_its_concepts_or_says_there_are_none(tmp_path: Path) -> None:
    empty = tmp_path / "leer"
    konzeptdoc.Repository.init(empty, municipality="Teststadt").close()
    status, said = run("clone", str(empty), str(tmp_path / "kopie"))
    assert status == 0 and said.endswith(": noch kein Konzept (mit „konzeptdoc new“ anlegen)\n")


def test_validate_right_after_init_says_what_comes_next(tmp_path: Path) -> None:
    root = tmp_path / "neu"
    konzeptdoc.Repository.init(root, municipality="Teststadt").close()
    status, said = run("-C", str(root), "validate")
    assert status == 0
    assert (
        said
        == "OK: keine Probleme gefunden\nNoch kein Konzept: „konzeptdoc new KENNUNG --title …“ legt eines an.\n"
    )
