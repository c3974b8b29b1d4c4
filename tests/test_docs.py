"""The documentation builds with one command, without a warning, and says what the code says.

`scripts/build_docs.py` is run in-process (pytest turns every warning into an error); the
pictures, which need LibreOffice and Chromium, are left out here: their names are checked
against the Anleitung's references instead.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from konzeptdoc.german.glossary import KEY_LABELS, TERMS
from tests.test_layers import LAYERS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import build_docs  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    build_docs.build(out, with_pictures=False)
    return out


def test_api_reference_documents_the_public_api(site: Path) -> None:
    text = (site / "api" / "konzeptdoc.html").read_text(encoding="utf-8")
    for name in ("compare", "build", "Repository", "Period", "KonzeptdocError", "load_concept"):
        assert f'id="{name}"' in text, name
    assert (site / "api" / "konzeptdoc" / "testing.html").is_file()


def test_glossary_page_lists_every_term_and_key(site: Path) -> None:
    text = (site / "glossar.html").read_text(encoding="utf-8")
    for key, term in TERMS.items():
        # The singular with its article: "der unveränderte Absatz" (the noun is as written).
        noun = term.singular.rsplit(" ", 1)[-1]
        assert f"<code>{key}</code>" in text and noun in text and term.plural in text
    for key in KEY_LABELS:
        assert f"<code>{key}</code>" in text


def test_architecture_diagram_shows_every_layer_in_order(site: Path) -> None:
    svg = (site / "architektur.svg").read_text(encoding="utf-8")
    shown = re.findall(r'font-weight="bold">([a-z]+)[./][^<]*\(\d+ module', svg)
    assert shown == [name for names in reversed(LAYERS) for name in names]
    assert '<img src="architektur.svg" alt="The layers"' in (site / "architektur.html").read_text(
        encoding="utf-8"
    )


def test_architecture_md_lists_the_layers_the_tests_check() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z]+)`(?:, `([a-z]+)`)? \|", text, re.M)
    assert [tuple(n for n in row if n) for row in rows] == list(LAYERS)


def test_every_link_of_the_pages_resolves(site: Path) -> None:
    for source, page in build_docs.PAGES.items():
        for target in build_docs.links_of((ROOT / source).read_text(encoding="utf-8")):
            if target.startswith("bilder/"):
                assert target.removeprefix("bilder/") in build_docs.PICTURES, (source, target)
            else:
                assert (site / target).is_file(), (page, target)
    assert set(build_docs.PICTURES) <= {
        t.removeprefix("bilder/")
        for t in build_docs.links_of((ROOT / "docs" / "anleitung.md").read_text(encoding="utf-8"))
    }
