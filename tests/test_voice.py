"""What the tool says when a busy administrator gets things wrong: every answer German, naming
file, line and key, with the documented exit status – never a bare Python error (exit 70)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main


@pytest.mark.parametrize("day", ["2026-13-01", "2026-02-30", "2026-00-10"])
def test_a_date_that_is_no_day_is_a_finding_not_a_crash(
    concept_dir: Path, day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    concept = concept_dir / "concept.yaml"
    concept.write_text(concept.read_text().replace("as_of: 2020-07-10", f"as_of: {day}"))
    assert main(["validate", str(concept_dir)]) == 1  # was 70: PyYAML's bare ValueError
    out = capsys.readouterr().out
    assert f"concept.yaml:12: as_of: „{day}“ ist kein gültiges Datum" in out
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        konzeptdoc.load_concept(concept_dir)
    assert [p.field_path for p in caught.value.problems] == ["as_of"]


def test_saving_over_a_file_edited_to_an_impossible_date_is_refused_in_german(
    concept_dir: Path,
) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    path = concept_dir / "concept.yaml"
    path.write_text(path.read_text().replace("as_of: 2020-07-10", "as_of: 2020-07-32"))
    concept.title = "Neu"
    with pytest.raises(konzeptdoc.KonzeptdocError):  # was ruamel's bare ValueError
        konzeptdoc.save_concept(concept)
    assert "as_of: 2020-07-32" in path.read_text()


def test_a_concept_file_saved_as_latin_1_is_reported_once_not_also_as_missing(
    concept_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    concept = concept_dir / "concept.yaml"
    concept.write_bytes(
        concept.read_text().replace("Teststadt", "Gießen").encode("latin-1", "replace")
    )
    assert main(["validate", str(concept_dir)]) == 1
    out = capsys.readouterr().out
    assert "nicht in UTF-8 gespeichert" in out
    assert "fehlt" not in out  # it exists: "Die Datei concept.yaml fehlt" sent people looking
    assert "1 Fehler," in out


def test_an_unknown_revision_names_no_option_the_command_lacks_and_finds_the_release(
    tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import sample_repository

    repository = sample_repository(tmp_path / "r")
    repository.release("integrationskonzept/2020-07-09", body="Rat", date="2020-07-09")
    base = ["-C", str(tmp_path / "r")]
    assert main([*base, "diff", "integrationskonzept", "2020-07-09"]) == 2
    err = capsys.readouterr().err
    assert "--as-of" not in err  # diff has no --as-of (the message offered it)
    assert "gemeint ist wohl „integrationskonzept/2020-07-09“" in err
    assert main([*base, "blame", "integrationskonzept", "--rev", "09.07.2020"]) == 2
    err = capsys.readouterr().err
    assert "ein Datum nennt keine Revision" in err and "Unbekannte Revision „09.07.2020“" in err
    assert main([*base, "history", "integrationskonzept", "1.1", "--rev", "nix"]) == 2
    assert "--as-of" not in capsys.readouterr().err


def _helps(monkeypatch: pytest.MonkeyPatch, columns: int) -> dict[str, str]:
    from konzeptdoc.cli import COMMANDS, build_parser, load_commands
    from konzeptdoc.cli.german_argparse import german

    load_commands()
    monkeypatch.setenv("COLUMNS", str(columns))
    with german():
        parser = build_parser()
        subs = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        return {"": parser.format_help()} | {n: subs[n].format_help() for n in COMMANDS}


def test_help_on_a_narrow_terminal_breaks_lines_between_words_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wide = _helps(monkeypatch, 1000)
    narrow = _helps(monkeypatch, 40)
    for command, text in narrow.items():
        words = set(wide[command].split())
        # At 40 columns argparse cut „Stad|tverordnetenversammlung“ and
        # „integrationskonzept/2|020-07-09“ into pieces that are no words.
        assert [w for w in text.split() if w not in words] == [], command
        assert not [line for line in text.splitlines() if line.endswith(" z.")], command
    assert "„Stadtverordnetenversammlung“" in narrow["release"]


def test_an_unclosed_quote_is_named_where_it_opens_not_only_where_yaml_stumbles(
    concept_dir: Path,
) -> None:
    field = concept_dir / "fields" / "bildung.yaml"
    text = field.read_text().replace("title: Sprachkurse für Eltern", 'title: "Sprachkurse')
    opened = text[: text.index('"Sprachkurse')].count("\n") + 1
    field.write_text(text + '    lead: "Amt 40"\n')  # the next quote closes the value there
    [problem] = konzeptdoc.validate(concept_dir)
    assert problem.line is not None and problem.line > opened
    assert f"in Zeile {opened} das schließende Anführungszeichen" in problem.message
    field.write_text(text.replace('"Sprachkurse', "'Sprachkurse für ''Eltern''"))
    [problem] = konzeptdoc.validate(concept_dir)
    assert f"Zeile {opened}" in problem.message
    field.write_text(text.replace('"Sprachkurse', "'Sprachkurse für ''Eltern'''"))
    assert konzeptdoc.validate(concept_dir) == []  # closed: no guess


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _message_texts() -> list[tuple[str, int, str]]:
    """(file, line, text) of every string in the library that is not a docstring."""
    texts = []
    for path in sorted((Path(konzeptdoc.__file__).parent).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
                text = "".join(p for p in parts if isinstance(p, str))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = "" if id(node) in skip else node.value
            else:
                continue
            texts.append((path.name, node.lineno, text))
    return texts


def test_messages_quote_the_german_way_not_with_ascii_apostrophes() -> None:
    # „..“, not '..': the release name and template path messages used the programmer's quotes.
    ascii_quoted = re.compile(r"(?:^|[\s(])'[^'\s][^']{0,30}'(?=[\s,;:.)]|$)")
    german = re.compile(r"[äöüß]|\b(?:der|die|das|nicht|und|ist|eine?n?)\b")
    found = [
        f"{name}:{line}: {text[:80]}"
        for name, line, text in _message_texts()
        if ascii_quoted.search(text) and german.search(text)
    ]
    assert found == []


def test_advice_is_given_in_one_register_the_infinitive() -> None:
    # "die Kennung prüfen", as every other message says it – not "Prüfen Sie die Kennung".
    formal = re.compile(r"\b(?:geben|prüfen|installieren|lassen|wählen|legen|rufen) Sie\b", re.I)
    assert [f"{n}:{line}" for n, line, text in _message_texts() if formal.search(text)] == []


def test_ctrl_c_while_the_commands_load_ends_with_130_and_one_german_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from konzeptdoc import cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load_commands", interrupted)
    monkeypatch.setattr("sys.argv", ["konzeptdoc", "log"])
    with pytest.raises(SystemExit) as exited:  # was a traceback from the import
        cli.run()
    assert exited.value.code == 130
    assert capsys.readouterr().err == "konzeptdoc: abgebrochen\n"


def test_a_git_lock_file_left_by_a_crash_is_named_with_what_to_do(
    tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "r"
    assert main(["init", str(root), "--municipality", "Teststadt"]) == 0
    assert main(["-C", str(root), "new", "ik", "--title", "Integrationskonzept"]) == 0
    lock = root / ".git" / "index.lock"
    lock.touch()
    capsys.readouterr()
    assert main(["-C", str(root), "commit", "-m", "Erster Stand"]) == 2
    err = capsys.readouterr().err
    assert "läuft noch ein anderer git-Befehl?" in err
    assert f"die Datei {lock} löschen" in err  # which file: a user could only guess
    lock.unlink()
    assert main(["-C", str(root), "commit", "-m", "Erster Stand"]) == 0


def test_an_output_name_promising_another_kind_of_file_is_refused_or_decides_the_format(
    tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import sample_repository

    root = tmp_path / "r"
    sample_repository(root)
    base = ["-C", str(root)]
    out = tmp_path / "out"
    out.mkdir()
    # A Word document named .pdf (or a report page named .docx) opened as "damaged".
    refused = [
        ["build", "integrationskonzept", "-o", str(out / "k.pdf")],
        [
            "build",
            "integrationskonzept",
            "--kind",
            "report",
            "--since",
            "HEAD",
            "-o",
            str(out / "b.html"),
        ],
        [
            "report",
            "integrationskonzept",
            "--since",
            "HEAD",
            "--format",
            "html",
            "-o",
            str(out / "b.docx"),
        ],
        ["diff", "integrationskonzept", "HEAD", "-o", str(out / "v.docx")],
        ["diff", "integrationskonzept", "HEAD", "--format", "synopse", "-o", str(out / "s.pdf")],
    ]
    for argv in refused:
        assert main([*base, *argv]) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("konzeptdoc: Fehler: -o „"), err
    assert "-o k.docx angeben (ein PDF dazu schreibt --pdf" in main_err(base, refused[0], capsys)
    assert list(out.iterdir()) == []
    # Without --format, the ending chooses: the page, the data – as the name promises.
    assert main([*base, "diff", "integrationskonzept", "HEAD", "-o", str(out / "v.json")]) == 0
    assert (out / "v.json").read_text().startswith("{")
    assert (
        main([*base, "report", "integrationskonzept", "--since", "HEAD", "-o", str(out / "b.html")])
        == 0
    )
    assert (out / "b.html").read_text().startswith("<!DOCTYPE html>")
    assert main([*base, "diff", "integrationskonzept", "HEAD", "--format", "json",
                 "-o", str(out / "v.txt")]) == 0  # fmt: skip  # any text opens as text


def main_err(base: list[str], argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main([*base, *argv])
    return capsys.readouterr().err


def test_clone_reads_a_relative_address_from_the_folder_it_was_typed_in(
    tmp_path: Path, isolated_git: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import sample_repository

    sample_repository(tmp_path / "stadt")
    (tmp_path / "arbeit").mkdir()
    monkeypatch.chdir(tmp_path / "stadt")
    # git ran in the target's parent, where "." is another folder: "dort ist kein git-Repository".
    assert main(["clone", ".", str(tmp_path / "arbeit" / "kopie")]) == 0
    assert (tmp_path / "arbeit/kopie/concepts/integrationskonzept/concept.yaml").is_file()
    monkeypatch.chdir(tmp_path / "arbeit")
    assert main(["clone", "../stadt", "zweite"]) == 0
    assert (tmp_path / "arbeit/zweite/konzeptdoc.yaml").is_file()


def test_the_repositorys_own_git_identity_outranks_the_global_one(
    tmp_path: Path, isolated_git: None
) -> None:
    import subprocess

    root = tmp_path / "r"
    assert main(["init", str(root), "--municipality", "Teststadt"]) == 0
    for key, value in (("user.name", "Amt 33"), ("user.email", "amt33@stadt.example")):
        subprocess.run(["git", "-C", str(root), "config", key, value], check=True)
    assert main(["-C", str(root), "new", "ik", "--title", "Integrationskonzept"]) == 0
    assert main(["-C", str(root), "commit", "-m", "Erster Stand"]) == 0
    logged = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%an <%ae>|%cn <%ce>"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # as git itself records it (the global Testperson was taken: the first of the list)
    assert logged == "Amt 33 <amt33@stadt.example>|Amt 33 <amt33@stadt.example>"


def test_the_library_refuses_a_revision_without_a_message_as_the_command_line_does(
    tmp_path: Path, isolated_git: None
) -> None:
    from tests.conftest import sample_repository

    repository = sample_repository(tmp_path / "r")
    head = repository.head()
    concept = repository.load("integrationskonzept")
    concept.title = "Neu"
    with pytest.raises(konzeptdoc.KonzeptdocError, match="darf nicht leer sein"):
        repository.save(concept, message="  ")  # was a commit with an empty message
    folder = tmp_path / "r/concepts/integrationskonzept"
    path = folder / "concept.yaml"
    path.write_text(path.read_text().replace("\ntitle: ", "\ntitle: Neu ", 1))
    with pytest.raises(konzeptdoc.KonzeptdocError, match="darf nicht leer sein"):
        repository.commit("")
    assert repository.head() == head


def test_library_messages_for_broken_json_and_an_empty_decision_body(
    tmp_path: Path, isolated_git: None
) -> None:
    from tests.conftest import sample_repository

    with pytest.raises(konzeptdoc.ValidationError) as caught:
        konzeptdoc.Measure.model_validate_json('{"id": "m",}')
    [problem] = caught.value.problems
    assert problem.message == "der Text ist kein gültiges JSON (Zeile 1, Spalte 12)"  # was „{“…
    repository = sample_repository(tmp_path / "r")
    with pytest.raises(konzeptdoc.StoreError) as refused:
        repository.release("ik/1", body=" ", date="2026-03-19")
    assert "„Gremium“ des Beschlusses ist leer" in str(refused.value)
    assert "„“" not in str(refused.value)  # the empty value was shown as empty quotes


def test_a_duplicate_goal_id_gives_one_error_and_no_contradiction(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "bildung.yaml"
    field.write_text(field.read_text().replace("- id: hz-sprache", "- id: lz-bildung"))
    messages = [p.message for p in konzeptdoc.validate(concept_dir)]
    # was also "Leitziel 1.1 … ist ein Handlungsziel" (checked as one goal, named as the other)
    assert not [m for m in messages if "ist ein Handlungsziel" in m]
    assert len([m for m in messages if "doppelt vergeben" in m]) == 1
    assert len([m for m in messages if m.startswith("Leitziel 1.1")]) <= 1


def test_every_value_a_new_concepts_comments_list_is_explained_in_german() -> None:
    import datetime as dt

    from konzeptdoc.files.scaffold import concept_texts
    from konzeptdoc.german.glossary import ENUM_LABELS

    texts = concept_texts(
        "ik", title="T", kind="Integrationskonzept", municipality="M", lead="L",
        period=(2027, 2031), as_of=dt.date(2027, 1, 1),
    )  # fmt: skip
    unsaid = []
    for name, text in texts.items():
        comments = " ".join(
            line.split("#", 1)[1] for line in text.splitlines() if "#" in line
        ).replace("#", " ")
        comments = re.sub(r"\s+", " ", comments)
        for table, labels in ENUM_LABELS.items():
            listed = [v for v in labels if re.search(rf"(?<![\w-]){v} [(=]", comments)]
            if len(listed) * 2 < len(labels):
                continue  # the comments do not list this table's values
            # every value, each with its German word ("other" stood bare; "market" was missing)
            unsaid += [
                f"{name}: {table}.{v}"
                for v, word in labels.items()
                if v != word.lower() and not re.search(rf"(?<![\w-]){v} [(=]", comments)
            ]
    assert unsaid == []


def test_new_with_a_period_outside_the_formats_years_is_a_usage_error(
    tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "r"
    assert main(["init", str(root), "--municipality", "Teststadt"]) == 0
    capsys.readouterr()
    assert main(["-C", str(root), "new", "ik", "--title", "T", "--period", "1800-1900"]) == 2
    err = capsys.readouterr().err
    # was findings in files that were never written ("concepts/ik/concept.yaml:19: period.start")
    assert "--period: „1800-1900“: die Laufzeit muss zwischen 1900 und 2200 liegen" in err
    assert "concept.yaml" not in err and not (root / "concepts/ik").exists()


def test_an_empty_status_is_not_taken_for_a_typo_of_done(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "bildung.yaml"
    field.write_text(field.read_text().replace("status: planned", "status:"))
    [problem] = konzeptdoc.validate(concept_dir)
    assert problem.field_path == "measures[0].status"
    assert "gemeint ist wohl" not in problem.message  # "None" resembled "done"
    assert problem.message.startswith("ein leerer Wert ist kein zulässiger Wert; zulässig: ")


def test_a_save_over_uncommitted_edits_says_commit_as_every_other_message_does(
    tmp_path: Path, isolated_git: None
) -> None:
    from tests.conftest import sample_repository

    repository = sample_repository(tmp_path / "r")
    path = tmp_path / "r/concepts/integrationskonzept/concept.yaml"
    path.write_text(path.read_text().replace("\ntitle: ", "\ntitle: Neu ", 1))
    concept = repository.load("integrationskonzept")
    concept.title = "Anders"
    with pytest.raises(konzeptdoc.DirtyWorkingTreeError) as caught:
        repository.save(concept, message="Titel")
    said = str(caught.value)  # was "Nicht eingecheckte …: vor dem Speichern einchecken"
    assert "noch nicht committet" in said and "zuerst committen" in said
    assert "eincheck" not in said


def test_a_file_saved_as_yml_is_named_not_silently_left_out(
    repo: Path, concept_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (concept_dir / "participation.yml").write_text("schema_version: 1\n", encoding="utf-8")
    (concept_dir / "fields" / "bildung.yaml").rename(concept_dir / "fields" / "gesundheit.YML")
    for target in (repo, concept_dir):
        warned = {
            p.file.name: p.message for p in konzeptdoc.validate(target) if p.severity == "warning"
        }  # was nothing: the participation was simply missing from every document
        assert "in participation.yaml umbenennen" in warned["participation.yml"]
        assert "in gesundheit.yaml umbenennen" in warned["gesundheit.YML"]
    assert main(["validate", str(concept_dir)]) == 1  # bildung is listed and now missing
    assert "Warnung: Die Datei participation.yml wird nicht gelesen" in capsys.readouterr().out


def test_help_as_a_command_answers_as_git_help_does(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's --help ends the parse
        raise SystemExit(main(["help", "build"]))
    assert exited.value.code == 0  # was "„help“ ist kein Befehl", exit 2
    assert capsys.readouterr().out.startswith("Aufruf: konzeptdoc build ")
    assert main(["help"]) == 0
    assert "Befehle:" in capsys.readouterr().out


def test_init_inside_a_concept_repository_is_refused_before_anything_is_made(
    tmp_path: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "r"
    assert main(["init", str(root), "--municipality", "Teststadt"]) == 0
    capsys.readouterr()
    inner = root / "concepts" / "neu"
    # was a second git repository inside the city's (git sees it as a foreign body)
    assert main(["-C", str(root), "init", "concepts/neu", "--municipality", "Teststadt"]) == 2
    err = capsys.readouterr().err
    assert "Hier liegt schon das Konzept-Repository" in err and "konzeptdoc new" in err
    assert not inner.exists()
