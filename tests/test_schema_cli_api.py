"""JSON Schemas, the command line, the public API and what importing costs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from konzeptdoc.files.schema import schema_texts

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> tuple[int, str]:
    import io

    out = io.StringIO()
    status = main(list(args), stdout=out)
    return status, out.getvalue()


def test_committed_schemas_match_the_model() -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").glob("*.json")}
    assert committed == schema_texts(), "schemas/ drifted: run 'konzeptdoc schema'"


def test_schemas_carry_german_descriptions() -> None:
    field = json.loads(schema_texts()["field.schema.json"])
    measure = field["$defs"]["Measure"]
    assert measure["description"] == "Maßnahme"
    assert measure["properties"]["lead"]["description"] == "Federführung"
    assert set(field["$defs"]["Measure"]["properties"]["status"]["enum"]) >= {"planned", "done"}


def test_schema_command_writes_five_files(tmp_path: Path) -> None:
    status, _ = run("schema", "-o", str(tmp_path / "s"))
    assert status == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(schema_texts())


def test_schema_command_inside_a_concept_writes_the_repositorys_schemas(
    repo: Path, concept_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(concept_dir / "fields")  # where "# yaml-language-server" points from
    status, out = run("schema")
    assert status == 0 and out.startswith("../../../schemas/")
    assert sorted(p.name for p in (repo / "schemas").iterdir()) == sorted(schema_texts())
    assert not (concept_dir / "fields" / "schemas").exists()


def test_cli_validate_ok(repo: Path) -> None:
    status, out = run("-C", str(repo), "validate")
    assert (status, out) == (0, "OK: keine Probleme gefunden\n")


def test_cli_validate_reports_problems_and_fails(repo: Path, concept_dir: Path) -> None:
    concept = concept_dir / "concept.yaml"
    concept.write_text(concept.read_text().replace("status: draft", "status: fertig"))
    status, out = run("validate", str(repo))
    assert status == 1
    lines = out.splitlines()
    assert lines[0].endswith(
        "concepts/test/concept.yaml:11: status: „fertig“ ist kein zulässiger Wert; zulässig: "
        "draft (Entwurf), consultation (in Beteiligung), adopted (beschlossen), "
        "superseded (abgelöst)"
    )
    assert lines[-1] == "1 Fehler, keine Warnungen in 1 Datei"


def test_cli_validate_strict_and_json(repo: Path, concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(field.read_text().replace("goals: [hz-anerkennung]", "goals: [lz-arbeit]"))
    assert run("validate", str(repo))[0] == 0
    assert run("validate", "--strict", str(repo))[0] == 1
    _, out = run("validate", "--format", "json", str(repo))
    assert json.loads(out) == [
        {
            "severity": "warning",
            "file": f"{repo.as_posix()}/concepts/test/fields/arbeit.yaml",
            "line": 8,
            "field_path": "goals[1]",
            "message": "Handlungsziel 2.2 „Anerkennung ausländischer Abschlüsse“ hat keine Maßnahme",
        }
    ]


def test_cli_errors_have_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "konzeptdoc", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2  # not a concept folder: input the command cannot use
    assert "Traceback" not in result.stderr and "konzeptdoc: Fehler:" in result.stderr


def test_cli_usage_error() -> None:
    assert run("validate", "--format", "xml")[0] == 2


def test_public_api_is_sorted_and_complete() -> None:
    assert konzeptdoc.__all__ == sorted(konzeptdoc.__all__, key=lambda n: (not n.isupper(), n))
    for name in konzeptdoc.__all__:
        assert hasattr(konzeptdoc, name), name
    public = {
        n
        for n in vars(konzeptdoc)
        if not n.startswith("_") and not isinstance(getattr(konzeptdoc, n), type(sys))
    }
    assert public <= set(konzeptdoc.__all__), public - set(konzeptdoc.__all__)


def test_every_error_is_a_konzeptdoc_error() -> None:
    for name in konzeptdoc.__all__:
        value = getattr(konzeptdoc, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, konzeptdoc.KonzeptdocError), name


def test_import_is_cheap() -> None:
    code = (
        "import sys, konzeptdoc; heavy = [m for m in ('git', 'docx', 'jinja2', 'lxml') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("module", ["konzeptdoc", "konzeptdoc.cli"])
def test_python_m_and_modules_import(module: str) -> None:
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)


def test_validate_a_file_checks_its_concept(concept_dir: Path) -> None:
    status, out = run("validate", str(concept_dir / "fields" / "arbeit.yaml"))
    assert (status, out) == (0, "OK: keine Probleme gefunden\n")


def test_build_into_a_directory(concept_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    status, _ = run("build", str(concept_dir), "-o", str(target))
    assert status == 0 and (target / "test-konzept.docx").is_file()
