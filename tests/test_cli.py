"""The command line speaks German, keeps its exit codes, and reads what people type."""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc import errors
from konzeptdoc.cli import EXIT_INTERNAL, exit_code, load_commands, main
from konzeptdoc.cli.registry import COMMANDS
from tests.conftest import snapshot

# Words of English prose that German help never contains. Option names (--as-of), the values
# one types ({text,json}, concept = …) and the command names are the interface, not prose.
ENGLISH = {
    *("the", "of", "and", "to", "with", "this", "that", "these", "default", "show", "shows"),
    *("write", "writes", "usage", "options", "arguments", "positional", "optional", "error"),
    *("exit", "message", "program", "from", "only", "each", "every", "when", "which", "is"),
    *("are", "or", "if", "not", "for", "by", "be", "into", "instead"),
}
# Options, {choices}, quoted values, file names, and command names (in usage and the list).
_NOT_PROSE = re.compile(
    r"--?[\w-]+|\{[^}]*\}|„[^“]*“|'[^']*'|\S+\.\w+|^ {4}[a-z]+(?= )|konzeptdoc [a-z]+"
)


def english_lines(text: str) -> list[str]:
    """The lines of `text` that contain an English word of prose."""
    return [
        line
        for line in text.splitlines()
        if ENGLISH & {w.lower() for w in re.findall(r"[A-Za-z]+", _NOT_PROSE.sub(" ", line))}
    ]


def help_texts(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """The --help text of the program and of every command, as a user sees it."""
    load_commands()
    texts = {}
    for name in ["", *COMMANDS]:
        assert main([name, "--help"] if name else ["--help"]) == 0
        texts[name or "konzeptdoc"] = capsys.readouterr().out
    return texts


def test_help_of_every_command_is_german(capsys: pytest.CaptureFixture[str]) -> None:
    texts = help_texts(capsys)
    assert len(texts) > 15  # every command was asked
    left = {name: english_lines(text) for name, text in texts.items() if english_lines(text)}
    print(f"English lines left in --help: {sum(map(len, left.values()))}")  # for the report
    assert left == {}
    assert all("Aufruf: konzeptdoc" in text and "Optionen:" in text for text in texts.values())


def test_no_command_shows_the_german_help() -> None:
    out = io.StringIO()
    assert main([], stdout=out) == 2
    assert out.getvalue().startswith("Aufruf: konzeptdoc") and english_lines(out.getvalue()) == []


def test_arguments_are_named_in_german_capitals(capsys: pytest.CaptureFixture[str]) -> None:
    """Positional arguments read KONZEPT, not concept (argparse shows the dest otherwise)."""
    names = {
        name: re.findall(r"^  (\S+)", text.split("\nArgumente:\n")[1].split("\n\n")[0], re.M)
        for name, text in help_texts(capsys).items()
        if "\nArgumente:\n" in text
    }
    assert names["report"][0] == "KONZEPT" and names["review"] == ["KONZEPT", "DOCX"]
    assert {n: a for n, a in names.items() if any(not x.isupper() for x in a)} == {}
    assert "--rev REVISION" in help_texts(capsys)["review"]


def test_the_english_detector_finds_english() -> None:
    english = "usage: konzeptdoc [-h]\n  -h, --help  show this help message and exit\n"
    assert english_lines(english) == english.splitlines()
    assert english_lines("  --as-of DATUM  die an diesem Tag gültige Fassung {text,json}") == []


def test_argparse_errors_are_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "x", "--kind", "brief"]) == 2
    err = capsys.readouterr().err
    assert (
        "konzeptdoc build: Fehler: --kind: „brief“ ist keine Dokumentart; möglich sind: konzept, beschlussvorlage"
        in err
    )
    assert main(["validate", "--bogus"]) == 2
    assert "konzeptdoc validate: Fehler: unbekannte Option „--bogus“" in capsys.readouterr().err
    assert main(["log", "-n", "null"]) == 2
    assert "-n/--limit: „null“ ist keine Anzahl" in capsys.readouterr().err
    assert main(["vaildate"]) == 2
    assert "„vaildate“ ist kein Befehl; gemeint ist wohl „validate“" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["biuld", "x"], "konzeptdoc: Fehler: „biuld“ ist kein Befehl; gemeint ist wohl „build“"),
        (
            ["validate", "--stirct"],
            "konzeptdoc validate: Fehler: unbekannte Option „--stirct“; gemeint ist wohl „--strict“",
        ),
        (
            ["build", "x", "--knd", "konzept"],
            "konzeptdoc build: Fehler: unbekannte Option „--knd“; gemeint ist wohl „--kind“ (",
        ),
        (
            ["--verison"],
            "konzeptdoc: Fehler: unbekannte Option „--verison“; gemeint ist wohl „--version“",
        ),
        (
            ["diff", "x", "--format", "jsn"],
            "--format: „jsn“ ist nicht möglich; gemeint ist wohl „json“ (möglich sind: text, markdown,",
        ),
        (["validate", "a", "b"], "konzeptdoc validate: Fehler: überzählige Angabe „b“"),
        (
            ["diff", "x", "--f", "json"],
            "konzeptdoc diff: Fehler: „--f“ ist mehrdeutig (passt zu --format, --finalize)",
        ),
        (
            ["build", "x", "--kind", "massnahmeplan"],
            "„massnahmeplan“ ist keine Dokumentart; gemeint ist wohl „massnahmenplan“",
        ),
        (
            ["build", "x", "--status", "umsetzung"],
            "ist kein Stand einer Maßnahme; gemeint ist wohl „in-umsetzung“",
        ),
    ],
)
def test_a_typo_is_answered_with_what_was_meant(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Commands, options and values: the closest right one, quoted the German way, by the
    command that was given the typo (its own usage line, not the program's)."""
    assert main(typed) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "'" not in err.splitlines()[-1] and english_lines(err) == []
    if typed[0] in COMMANDS and "--" in " ".join(typed):
        assert err.startswith(f"Aufruf: konzeptdoc {typed[0]} ")


def test_no_error_of_konzeptdoc_is_an_internal_error() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type)]
    for cls in classes:
        if issubclass(cls, errors.KonzeptdocError):
            assert exit_code(cls.__new__(cls)) in (1, 2), cls
    assert exit_code(errors.ValidationError([])) == 1
    assert exit_code(errors.MergeConflictError([])) == 1
    assert exit_code(errors.UnknownRevisionError("x")) == 2
    assert exit_code(PermissionError(13, "x")) == 2
    assert exit_code(ValueError("x")) == EXIT_INTERNAL


@pytest.fixture
def concept_repo(tmp_path: Path, isolated_git: None) -> Path:
    root = tmp_path / "repo"
    konzeptdoc.Repository.init(root, municipality="Teststadt", author="A <a@example.org>").close()
    return root


@pytest.fixture(scope="module")
def untouched_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One repository for the tests that must not change it (each proves it did not)."""
    root = tmp_path_factory.mktemp("untouched") / "repo"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIT_CONFIG_GLOBAL", str(root.parent / ".gitconfig"))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        konzeptdoc.Repository.init(
            root, municipality="Teststadt", author="A <a@example.org>"
        ).close()
    return root


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), stdout=out), out.getvalue()


@pytest.mark.parametrize("period", ["2027–2031", "2027 - 2031", "2027—2031", "2027 bis 2031"])
def test_new_takes_the_period_as_people_type_it(concept_repo: Path, period: str) -> None:
    status, _ = run("-C", str(concept_repo), "new", "ik", "--title", "IK", "--period", period)
    assert status == 0
    concept = konzeptdoc.load_concept(concept_repo / "concepts" / "ik")
    assert (concept.period.start, concept.period.end) == (2027, 2031)


def test_a_period_may_end_with_two_digits_as_people_write_it() -> None:
    from konzeptdoc.cli.inputs import year_range

    assert year_range("2027-31") == year_range("2027–31") == (2027, 2031)
    assert year_range("2027 bis 31") == (2027, 2031)
    with pytest.raises(argparse.ArgumentTypeError, match="beginnt 2098, nach ihrem Ende 2002"):
        year_range("2098-02")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["new", "ik", "--title", "IK", "--period", "2031-2027"], "nach ihrem Ende 2027"),
        (["new", "ik", "--title", "IK", "--period", "nächstes Jahr"], "keine Laufzeit"),
        (["new", "IK 2027", "--title", "IK"], "keine gültige Kennung"),
        (["commit", "-m", "x", "--date", "2026-02-30"], "kein gültiges Datum"),
        (["release", "r/1", "--body", "Rat", "--date", "morgen"], "kein gültiges Datum"),
        (["release", "r 1", "--body", "Rat", "--date", "2026-03-19"], "„r 1“ ist als Name eines"),
        (["show", "ik", "--rev=--all"], "kein Revisionsname"),
        (["show", "ik", "--as-of", "31.02.2026"], "kein gültiges Datum"),
        (["show", "ik", "--rev", "gibt-es-nicht"], "Fehler: "),
        (["history", "ik", "x", "--rev", "a b"], "kein Revisionsname"),
        (["build", "ik", "--kind", "brief"], "keine Dokumentart"),
        (
            ["show", "ik", "--rev", "HEAD", "--as-of", "1.1.2026"],
            "--as-of: nicht zusammen mit --rev",
        ),
        (
            ["build", "ik", "--as-of", "2026-01-01", "--rev", "HEAD"],
            "--rev: nicht zusammen mit --as-of",
        ),
        (["build", "ik", "--since", "HEAD"], "--since gibt es nur mit --kind sachstandsbericht"),
        (["build", "ik", "--field", "x"], "--field gibt es nur mit --kind massnahmenplan"),
        (["report", "ik", "--format", "html", "--pdf"], "--pdf und --template gibt es nur für"),
        (["clone", "", "kopie"], "ADRESSE: darf nicht leer sein"),
        (["commit", "-m", "  "], "die Nachricht darf nicht leer sein"),
        (["new", "ik", "--title", ""], "--title: darf nicht leer sein"),
        (["new", "ik", "--title", "a\vb"], "das Steuerzeichen U+000B"),
        (["new", "ik", "--title", "a\ufffeb"], "nichts angelegt"),  # refused by the model
        (["release", "r/1", "--body", "Rat\nAusschuss", "--date", "2026-03-19"], "U+000A"),
        (["build", "ik", "--status", "fertig"], "kein Stand einer Maßnahme"),
        (["diff", "gibt-es-nicht"], "kein Konzept „gibt-es-nicht“"),
        (["log", "gibt-es-nicht"], "Ein Konzept „gibt-es-nicht“ gibt es hier nicht"),
        (["history", "gibt-es-nicht", "x"], "Ein Konzept „gibt-es-nicht“ gibt es in keiner"),
        (["build", "gibt-es-nicht"], "Ein Konzept „gibt-es-nicht“ gibt es hier nicht"),
    ],
)
def test_wrong_input_exits_2_in_german_and_writes_nothing(
    untouched_repo: Path,
    isolated_git: None,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    said: str,
) -> None:
    before = snapshot(untouched_repo)
    status, _ = run("-C", str(untouched_repo), *args)
    err = capsys.readouterr().err
    assert status == 2, err
    assert said in err and "Traceback" not in err and "intern" not in err
    assert snapshot(untouched_repo) == before


def test_german_dates_are_read(concept_repo: Path) -> None:
    run("-C", str(concept_repo), "new", "ik", "--title", "IK")
    assert run("-C", str(concept_repo), "commit", "-m", "IK", "--date", "01.03.2026")[0] == 0
    status, out = run(
        "-C", str(concept_repo), "release", "ik/1", "--body", "Rat", "--date", "19.03.2026"
    )
    assert status == 0 and "19.03.2026" in out
    assert konzeptdoc.Repository.open(concept_repo).releases()[0].date.isoformat() == "2026-03-19"


HEAVY = ("pydantic", "git", "docx", "jinja2", "lxml", "yaml", "ruamel", "babel", "markdown_it")
_LOADED = (
    "import sys; heavy = {m.split('.')[0] for m in sys.modules} & set(sys.argv[1:]); "
    "ours = sorted(m for m in sys.modules if m.startswith('konzeptdoc.') "
    "and not m.startswith(('konzeptdoc.cli', 'konzeptdoc.errors', 'konzeptdoc.german')));"
    "print(sorted(heavy), ours)"
)


@pytest.mark.parametrize(
    "start",
    [
        "import konzeptdoc",
        "from konzeptdoc.cli import main; main(['--version'])",
        "from konzeptdoc.cli import main; main(['log'])",
    ],
    ids=["import", "--version", "log"],
)
def test_a_short_start_loads_no_heavy_library(untouched_repo: Path, start: str) -> None:
    # What is loaded, not how long it takes: timing lives in benchmarks/bench_startup.py.
    # `log` lists revisions through store.revisions: no model, YAML or GitPython.
    code = f"{start}\n{_LOADED}"
    result = subprocess.run(
        [sys.executable, "-c", code, *HEAVY],
        capture_output=True,
        text=True,
        check=True,
        cwd=untouched_repo,
    )
    heavy, ours = result.stdout.splitlines()[-1].split("] [")
    assert heavy == "["
    allowed = ("konzeptdoc.files.atomic", "konzeptdoc.files.paths", "konzeptdoc.store")
    loaded = [m.strip("'") for m in ours.strip("]").split(", ") if m]
    assert [m for m in loaded if m != "konzeptdoc.files" and not m.startswith(allowed)] == []
    if "log" in start:  # and of the store only what lists revisions
        assert "konzeptdoc.store.repository" not in loaded


def test_problems_are_printed_top_to_bottom_per_file() -> None:
    from konzeptdoc.cli.registry import print_problems

    a, b = Path("concepts/x/concept.yaml"), Path("concepts/x/fields/f.yaml")
    problems = [
        konzeptdoc.Problem("error", b, 47, "measures[0].status", "drei"),
        konzeptdoc.Problem("error", a, 9, "", "eins"),
        konzeptdoc.Problem("warning", b, 11, "titel", "zwei"),
        konzeptdoc.Problem("error", b, None, "", "null"),
    ]
    out = io.StringIO()
    print_problems(problems, out, output_format="text")
    said = [line.rsplit(" ", 1)[-1] for line in out.getvalue().splitlines()]
    assert said == ["null", "zwei", "drei", "eins", "Dateien"]
    assert out.getvalue().endswith("3 Fehler, 1 Warnung in 2 Dateien\n")
