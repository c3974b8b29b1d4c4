"""What a person reads names things as the council does: no ids, English keys, English enum
values or Python reprs in any document, diff or history of the samples (JSON keeps ids)."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest

from konzeptdoc.cli import main
from konzeptdoc.diff.html import to_html
from konzeptdoc.diff.render import to_markdown, to_text
from konzeptdoc.diff.synopse import synopse
from konzeptdoc.documents import KINDS, render
from konzeptdoc.errors import MissingPartError
from konzeptdoc.german.glossary import ENUM_LABELS, KEY_LABELS
from konzeptdoc.samples.demo import replay, samples_dir
from konzeptdoc.store import Repository
from konzeptdoc.store.redline import redline

# English keys and enum values that are not also German words or names.
_KEYS = {k for k in KEY_LABELS if "_" in k} | {
    "title", "description", "status", "lead", "period", "situation", "goals", "measures",
    "fields", "timeframe", "partners", "priority", "indicators", "events", "contributions",
    "participation", "submission", "definition", "principles", "decisions", "contacts",
    "series", "outcome", "channel", "assessment", "proposal", "reasoning", "consultation",
}  # fmt: skip
_VALUES = {
    value for table in ENUM_LABELS.values() for value, label in table.items()
    if value.lower() != label.lower() and len(value) > 3 and value not in ("other", "final")
}  # fmt: skip
_REPRS = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\{'|\['|': |\"\w+\": ")


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [n for n in package.namelist()
                 if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml|docProps/core\.xml", n)]  # fmt: skip
        xml = " ".join(package.read(n).decode("utf-8") for n in parts)
    # Text only, without bookmark names and field codes (they are the file's, not the reader's).
    xml = re.sub(r"<w:instrText[^>]*>.*?</w:instrText>", " ", xml)
    return unescape(re.sub(r"<[^>]+>", " ", xml))


def _cli(root: Path, *args: str) -> str:
    out = io.StringIO()
    main(["-C", str(root), *args], stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, set[str]]]:
    """name → (text a person reads, ids of the concept) for every output of two samples."""
    root = tmp_path_factory.mktemp("readable")
    found: dict[str, tuple[str, set[str]]] = {}
    for city in ("wiesbaden", "wolfsburg"):
        path = replay(samples_dir() / city, root / city).path
        with Repository.open(path) as repository:
            for concept_id in repository.concepts():
                concept = repository.load(concept_id)
                ids = {concept.id, *(g.id for g in concept.target_groups)}
                for field in concept.fields:
                    ids |= {
                        field.id,
                        *(e.id for e in [*field.goals, *field.measures, *field.indicators]),
                    }
                texts = {}
                for kind in KINDS:
                    try:
                        texts[kind] = _docx_text(render(concept, kind=kind)[0])
                    except MissingPartError:
                        continue
                base = next(r.tag for r in reversed(repository.releases())
                            if r.concept in (None, concept_id))  # fmt: skip
                result = repository.diff(concept_id, base, "HEAD")
                texts["text diff"] = to_text(result)
                texts["markdown diff"] = to_markdown(result)
                texts["html diff"] = unescape(re.sub(r"<[^>]+>", " ", to_html(result)))
                texts["synopse"] = _docx_text(synopse(result, municipality=concept.municipality))  # type: ignore[arg-type]
                texts["redline"] = _docx_text(redline(repository, concept_id, base, "HEAD"))  # type: ignore[arg-type]
                texts["show"] = _cli(path, "show", concept_id)
                texts["blame"] = _cli(path, "blame", concept_id)
                texts["cli diff"] = _cli(path, "diff", concept_id, base, "HEAD")
                measure = concept.fields[0].measures[0].id
                texts["history"] = _cli(path, "history", concept_id, measure)
                texts["history field"] = _cli(path, "history", concept_id, concept.fields[0].id)
                for name, text in texts.items():
                    found[f"{concept_id} {name}"] = (text, ids)
    return found


NAMES = [f"{concept} {kind}" for concept in ("integrationskonzept", "ik-gefluechtete", "vielfalt-leben")
         for kind in ("concept", "measures", "participation", "text diff", "markdown diff", "html diff",
                      "synopse", "redline", "show", "blame", "cli diff", "history", "history field")]  # fmt: skip
NAMES.append("vielfalt-leben submission")  # the one sample concept with a Beschlussvorlage


def _offending(text: str, ids: set[str]) -> dict[str, list[str]]:
    """What a person should not read in `text`: ids, English keys and values, reprs."""

    def words(candidates: set[str]) -> list[str]:
        return sorted(w for w in candidates
                      if re.search(rf"(?<![\w\-/.]){re.escape(w)}(?![\w\-])", text))  # fmt: skip

    found = {"ids": words(ids), "English keys": words(_KEYS), "English values": words(_VALUES),
             "Python reprs": _REPRS.findall(text)[:5]}  # fmt: skip
    return {what: hits for what, hits in found.items() if hits}


@pytest.mark.parametrize("name", NAMES)
def test_no_ids_keys_enum_values_or_reprs(
    outputs: dict[str, tuple[str, set[str]]], name: str
) -> None:
    text, ids = outputs[name]
    assert len(text) > 50, name
    assert not _offending(text, ids), f"{name}: {_offending(text, ids)}"


def test_the_scan_is_not_blind(outputs: dict[str, tuple[str, set[str]]]) -> None:
    """The JSON diff keeps ids, keys and values for tools: the scan finds all of them."""
    from konzeptdoc.diff.compute import compare
    from konzeptdoc.diff.render import to_json
    from konzeptdoc.files.workspace import load_concept

    _, ids = outputs["integrationskonzept text diff"]
    sample = samples_dir() / "wiesbaden"
    old = load_concept(sample / "04-ik-beschluss-2020" / "concepts" / "integrationskonzept")
    new = load_concept(sample / "05-ik-fortschreibung-2025" / "concepts" / "integrationskonzept")
    found = _offending(to_json(compare(old, new)), ids)
    assert "m-mentoring-ausbildung" in found["ids"] and "status" in found["English keys"]
    assert "planned" in found["English values"]
    assert _offending(str({"status": None}), set())["Python reprs"]
