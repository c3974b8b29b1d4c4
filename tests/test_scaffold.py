"""`konzeptdoc new` scaffolds a whole concept to fill in; `init` keeps built documents out of git."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from konzeptdoc.files.scaffold import write_new_concept

pytestmark = pytest.mark.usefixtures("isolated_git")

FILES = ["concept.yaml", "fields/handlungsfeld-1.yaml", "participation.yaml", "submission.yaml"]


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), stdout=out), out.getvalue()


@pytest.fixture
def scaffolded(tmp_path: Path, isolated_git: None) -> Path:
    root = tmp_path / "repo"
    assert run("init", str(root), "--municipality", "Stadt Musterhausen")[0] == 0
    status, out = run("-C", str(root), "new", "ik-2027", "--title", "Integrationskonzept 2027",
                      "--period", "2027–2031")  # fmt: skip
    assert status == 0, out
    return root


def test_new_writes_every_file_and_it_validates_clean(scaffolded: Path) -> None:
    folder = scaffolded / "concepts" / "ik-2027"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml")) == sorted(FILES)
    assert konzeptdoc.validate(scaffolded) == []  # no error and no warning
    concept = konzeptdoc.load_concept(folder)
    [field] = concept.fields
    assert [g.level for g in field.goals] == ["guiding", "action"] and len(field.measures) == 1
    assert concept.participation is not None and concept.submission is not None
    assert concept.municipality == "Stadt Musterhausen" and concept.period.end == 2031
    assert run("-C", str(scaffolded), "validate")[0] == 0
    # The predecessor as a title: the cover prints it ("Vorgänger: ik" told readers nothing).
    text = (folder / "concept.yaml").read_text(encoding="utf-8")
    assert (
        "predecessor: Titel des Vorgängerkonzepts" in text and "Kennung des Vorgängers" not in text
    )


def test_every_key_is_explained_by_a_german_comment(scaffolded: Path) -> None:
    for name in FILES:
        lines = (scaffolded / "concepts" / "ik-2027" / name).read_text().splitlines()
        assert lines[0].startswith("# yaml-language-server: $schema=")
        for number, line in enumerate(lines):
            if line and not line.startswith((" ", "#", "-")):  # a key of the file itself
                assert lines[number - 1].startswith("#"), (name, line)
        text = "\n".join(lines)
        # Neutral placeholders: nothing from the sample cities.
        assert not any(city in text for city in ("Wiesbaden", "Wetzlar", "Wolfsburg"))
        assert "Zuwanderung" not in text  # Wiesbaden's office


def test_new_concept_commits_and_builds_nothing_into_git(scaffolded: Path) -> None:
    assert run("-C", str(scaffolded), "commit", "-m", "Neues Konzept")[0] == 0
    built = scaffolded / "concepts" / "ik-2027" / "ik-2027-konzept.docx"
    built.write_bytes(b"PK")
    (scaffolded / "ik-2027-konzept.pdf").write_bytes(b"%PDF")
    status = subprocess.run(["git", "status", "--porcelain"], cwd=scaffolded, capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    assert status == ""
    tracked = subprocess.run(["git", "ls-files"], cwd=scaffolded, capture_output=True, text=True,
                             check=True).stdout.split()  # fmt: skip
    assert ".gitignore" in tracked and "concepts/ik-2027/submission.yaml" in tracked


def test_init_keeps_an_existing_gitignore(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".gitignore").write_text("notizen/\n*.docx\n")
    assert run("init", str(root), "--municipality", "Stadt Musterhausen")[0] == 0
    lines = (root / ".gitignore").read_text().splitlines()
    assert lines[:2] == ["notizen/", "*.docx"] and "*.pdf" in lines
    assert lines.count("*.docx") == 1  # a line the user has already is not added again


def test_bad_values_write_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    with pytest.raises(konzeptdoc.ValidationError):
        write_new_concept(folder, "x", title="Titel\x0bmit Steuerzeichen", kind="Integrationskonzept",
                          municipality="M", lead="Amt", period=(2027, 2031),
                          as_of=dt.date(2026, 1, 1))  # fmt: skip
    assert not folder.exists()
