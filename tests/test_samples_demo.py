"""The bundled samples and `konzeptdoc demo`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from konzeptdoc.files import yamlio
from konzeptdoc.samples.demo import samples_dir

SAMPLES = samples_dir()
REVISIONS = sorted(SAMPLES.glob("*/*/concepts/*"))


@pytest.mark.parametrize("folder", REVISIONS, ids=lambda p: f"{p.parts[-4]}/{p.parts[-3]}")
def test_every_sample_revision_validates_cleanly(folder: Path) -> None:
    assert konzeptdoc.validate(folder) == []


def test_there_are_four_concepts_in_eleven_revisions() -> None:
    assert len(REVISIONS) == 11
    assert {p.name for p in REVISIONS} == {
        "integrationskonzept",
        "ik-gefluechtete",
        "vielfalt-leben",
        "modellregion-integration",
    }


@pytest.mark.parametrize("city", ["wiesbaden", "wolfsburg", "wetzlar"])
def test_manifest_lists_every_revision_in_order(city: str) -> None:
    manifest = yamlio.load((SAMPLES / city / "manifest.yaml").read_text(encoding="utf-8"))
    listed = [entry["dir"] for entry in manifest["revisions"]]
    assert listed == sorted(p.name for p in (SAMPLES / city).iterdir() if p.is_dir())
    dates = [entry["date"] for entry in manifest["revisions"]]
    assert dates == sorted(dates)
    settings = (SAMPLES / city / "konzeptdoc.yaml").read_text(encoding="utf-8")
    assert konzeptdoc.Settings.model_validate(yamlio.load(settings))


def test_every_sample_file_names_its_schema() -> None:
    for path in SAMPLES.rglob("*.yaml"):
        if path.name == "manifest.yaml":
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), f"{path}: {schema}"


def test_illustrative_authors_only() -> None:
    # The seed names real commenters; the samples must not.
    text = "\n".join(p.read_text(encoding="utf-8") for p in SAMPLES.rglob("participation.yaml"))
    for real in ("Witzel", "zeyher", "Rösler"):
        assert real not in text


@pytest.mark.usefixtures("isolated_git")
def test_demo_command(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["demo", str(tmp_path / "demo")], stdout=out) == 0
    text = out.getvalue()
    assert "wiesbaden: 7 Revisionen" in text and "vielfalt-leben/2020-07-15" in text
    # one concept, one decision: the singular ("Konzepte vielfalt-leben" was said)
    assert "wolfsburg: 4 Revisionen, Konzept vielfalt-leben; Beschlüsse vielfalt-" in text
    assert "Konzept modellregion-integration; Beschluss modellregion-integration/" in text
    assert konzeptdoc.validate(tmp_path / "demo" / "wiesbaden") == []
    assert main(["demo", str(tmp_path / "demo")], stdout=io.StringIO()) == 2  # refuses to overwrite


@pytest.mark.parametrize("folder", REVISIONS, ids=lambda p: f"{p.parts[-4]}/{p.parts[-3]}")
def test_every_sample_survives_load_and_save_unchanged(folder: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    before = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*.yaml")}
    assert konzeptdoc.save_concept(konzeptdoc.load_concept(copy)) == []
    assert {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*.yaml")} == before


def test_one_change_in_a_commented_sample_changes_one_line(tmp_path: Path) -> None:
    import shutil

    source = (
        SAMPLES / "wiesbaden" / "02-gefluechtete-beschluss-2017" / "concepts" / "ik-gefluechtete"
    )
    copy = tmp_path / "ik-gefluechtete"
    shutil.copytree(source, copy)
    before = (copy / "participation.yaml").read_text(encoding="utf-8").splitlines()
    concept = konzeptdoc.load_concept(copy)
    assert concept.participation is not None
    concept.participation.contributions[0].outcome = "adopted"
    assert [p.name for p in konzeptdoc.save_concept(concept)] == ["participation.yaml"]
    after = (copy / "participation.yaml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("    outcome: noted", "    outcome: adopted")]


def test_demo_refuses_a_file_and_says_it_is_one(tmp_path: Path) -> None:
    from konzeptdoc.samples.demo import run_demo

    (tmp_path / "notiz.txt").write_text("x")
    with pytest.raises(konzeptdoc.DemoTargetError, match="eine Datei, kein Ordner"):
        run_demo(tmp_path / "notiz.txt")
    with pytest.raises(konzeptdoc.DemoTargetError, match="ein nicht leerer Ordner"):
        run_demo(tmp_path)
