"""Contribution authors are personal data: no diff or history output names them unless
asked with --with-authors (as the participation report already does)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from konzeptdoc.cli import main
from tests.conftest import AUTHOR, sample_repository

pytestmark = pytest.mark.usefixtures("isolated_git")
PARTICIPATION = "concepts/integrationskonzept/participation.yaml"
NAMES = ("Erika", "Mustermann", "Max Muster")


@pytest.fixture(scope="module")
def revisions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Three commits: no author; author Erika Mustermann; author Max Muster and new text."""
    mp = pytest.MonkeyPatch()
    home = tmp_path_factory.mktemp("home")
    mp.setenv("HOME", str(home))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path_factory.mktemp("repo")
    repository = sample_repository(root)
    shas = [str(repository.head())]
    path = root / PARTICIPATION
    text = path.read_text(encoding="utf-8")
    for author, extra in (("Erika Mustermann", ""), ("Max Muster", " Auch abends.")):
        changed = text.replace("author: null", f"author: {author}").replace(
            "sonst können Mütter nicht teilnehmen.", f"sonst können Mütter nicht teilnehmen.{extra}"
        )
        path.write_text(changed, encoding="utf-8")
        repository.commit("Beitrag ergänzt", author=AUTHOR)
        shas.append(str(repository.head()))
    repository.close()
    yield root, shas
    mp.undo()


def _run(root: Path, *args: str) -> str:
    out = io.StringIO()
    assert main(["-C", str(root), *args], stdout=out) == 0
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_diff_hides_authors_unless_asked(revisions: tuple[Path, list[str]], fmt: str) -> None:
    root, (first, second, third) = revisions
    shown = _run(root, "diff", "integrationskonzept", first, third, "--format", fmt)
    assert "Auch abends" in shown and not any(name in shown for name in NAMES)
    if fmt == "json":
        assert all(v["key"] != "author" for c in json.loads(shown)["changes"] for v in c["values"])
    only_author = _run(root, "diff", "integrationskonzept", first, second, "--format", fmt)
    assert not any(name in only_author for name in NAMES)
    asked = _run(
        root, "diff", "integrationskonzept", first, third, "--format", fmt, "--with-authors"
    )
    assert "Max Muster" in asked


@pytest.mark.parametrize("fmt", ["synopse", "redline"])
def test_word_diffs_hide_authors(
    revisions: tuple[Path, list[str]], fmt: str, tmp_path: Path
) -> None:
    root, (first, _, third) = revisions
    target = tmp_path / f"{fmt}.docx"
    _run(root, "diff", "integrationskonzept", first, third, "--format", fmt, "-o", str(target))
    package = zipfile.ZipFile(target)
    everything = b"".join(package.read(name) for name in package.namelist()).decode(
        "utf-8", "replace"
    )
    assert not any(name in everything for name in NAMES)


def test_history_hides_authors_unless_asked(revisions: tuple[Path, list[str]]) -> None:
    root, _ = revisions
    shown = _run(root, "history", "integrationskonzept", "beitrag-kinderbetreuung")
    assert "Auch abends" in shown and not any(name in shown for name in NAMES)
    asked = _run(
        root, "history", "integrationskonzept", "beitrag-kinderbetreuung", "--with-authors"
    )
    assert "Erika Mustermann" in asked and "Max Muster" in asked
