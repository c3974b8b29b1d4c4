"""Performance cliffs found from a user's side (issue 14's principle: cost grows with the
change, not with the concept; nothing quadratic in a text's length).

No timing here: each test pins that a result stays exactly what it was and counts the work
that made the cliff (calls, round trips), so it fails where the cliff comes back.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.rel import Relationships

import konzeptdoc
from konzeptdoc.documents.package import link_maker
from konzeptdoc.documents.template import open_template
from konzeptdoc.files import yamlio
from konzeptdoc.files.layout import KINDS
from konzeptdoc.files.save import file_data
from konzeptdoc.testing import generate

URLS = [f"https://example.org/{n % 40}" for n in range(120)] + ["mailto:amt@example.org"]


def test_link_ids_are_those_python_docx_gives_without_searching_every_relationship(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ours, theirs = open_template(None)[0], open_template(None)[0]
    for document in (ours, theirs):  # a template's own link, and a gap in the ids
        document.part.rels.add_relationship(
            RELATIONSHIP_TYPE.HYPERLINK, URLS[3], "rId40", is_external=True
        )
    expected = [
        theirs.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True) for url in URLS
    ]
    searches = []
    original = Relationships._get_matching

    def counted(self: Relationships, *args: Any, **kwargs: Any) -> Any:
        searches.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Relationships, "_get_matching", counted)
    link = link_maker(ours)
    assert [link(url) for url in URLS] == expected
    assert ours.part.rels.xml == theirs.part.rels.xml
    assert searches == []  # before: two scans of every relationship per link (quadratic)


def test_a_text_with_hundreds_of_links_builds_every_link_to_its_address() -> None:
    concept = generate(fields=1, goals=1, measures=2, words=200)
    concept.fields[0].measures[0].description = " ".join(
        f"Siehe [Quelle {n}]({url})." for n, url in enumerate(URLS)
    )
    data = konzeptdoc.build(concept, kind="concept")
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    rels = document.part.rels
    targets = [
        rels[element.get(f"{{{_R}}}id")].target_ref
        for element in document.element.body.iter(f"{{{_W}}}hyperlink")
        if element.get(f"{{{_R}}}id")
    ]
    assert targets == URLS
    assert sum(1 for rel in rels.values() if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK) == 41


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_saving_many_changed_measures_round_trips_only_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Twenty-one changed measures once sent the whole field file through the round trip
    # (0.5 s for 100 measures, growing with the field, not with the change).
    (tmp_path / "konzeptdoc.yaml").write_text("schema_version: 1\nmunicipality: M\n")
    konzeptdoc.save_concept(generate(fields=1, goals=2, measures=80, words=3000), tmp_path)
    concept = konzeptdoc.load_concept(next((tmp_path / "concepts").iterdir()))
    field = concept.fields[0]
    path = concept.origin.folder / "fields" / f"{field.id}.yaml"  # type: ignore[union-attr]
    old_text = path.read_text(encoding="utf-8")
    for number, measure in enumerate(field.measures[::3]):  # 27 of 80, spread out
        measure.description = f"{measure.description}\n\nErgänzt {number}: „neu“ & mehr."
        measure.status = "done" if measure.status != "done" else "planned"
    kind, data = file_data(concept)["fields/" + path.name]
    parsed: list[int] = []
    original = yamlio.load_roundtrip

    def counted(text: str) -> Any:
        parsed.append(len(text))
        return original(text)

    monkeypatch.setattr(yamlio, "load_roundtrip", counted)
    assert konzeptdoc.save_concept(concept) == [path]
    assert parsed and max(parsed) < len(old_text) / 20  # each measure's lines, never the file
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == _whole_file(old_text, data, kind)
    assert konzeptdoc.load_concept(path.parents[1]) == concept


def _whole_file(old_text: str, data: dict[str, object], kind: str) -> str:
    """What the whole-file round trip writes (as `tests/test_splice.py` pins it)."""
    order = ["schema_version", *[n for n in KINDS[kind][0].model_fields if n != "schema_version"]]
    tree, _ = yamlio.merge(yamlio.load_roundtrip(old_text), data, order)
    indent = yamlio.guess_indent(old_text)
    return yamlio.dump_roundtrip(tree, indent, nulls=yamlio.null_word(old_text))
