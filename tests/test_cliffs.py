"""Performance cliffs found from a user's side (issue 14's principle: cost grows with the
change, not with the concept; nothing quadratic in a text's length).

No timing here: each test pins that a result stays exactly what it was and counts the work
that made the cliff (calls, round trips), so it fails where the cliff comes back.
"""

from __future__ import annotations

import difflib
import gc
import io
import random
import re
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.rel import Relationships

import konzeptdoc
from konzeptdoc.cli import main
from konzeptdoc.documents.package import link_maker
from konzeptdoc.documents.template import open_template
from konzeptdoc.files import yamlio
from konzeptdoc.files.closest import Closest
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
    konzeptdoc.save_concept(generate(fields=1, goals=2, measures=44, words=1500), tmp_path)
    concept = konzeptdoc.load_concept(next((tmp_path / "concepts").iterdir()))
    field = concept.fields[0]
    path = next((tmp_path / "concepts").iterdir()) / "fields" / f"{field.id}.yaml"
    old_text = path.read_text(encoding="utf-8")
    for number, measure in enumerate(field.measures[::2]):  # 22 of 44, spread out
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
    assert parsed and max(parsed) < len(old_text) / 10  # each measure's lines, never the file
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == _whole_file(old_text, data, kind)
    assert konzeptdoc.load_concept(path.parents[1]) == concept


def _whole_file(old_text: str, data: dict[str, object], kind: str) -> str:
    """What the whole-file round trip writes (as `tests/test_splice.py` pins it)."""
    order = ["schema_version", *[n for n in KINDS[kind][0].model_fields if n != "schema_version"]]
    tree, _ = yamlio.merge(yamlio.load_roundtrip(old_text), data, order)
    indent = yamlio.guess_indent(old_text)
    return yamlio.dump_roundtrip(tree, indent, nulls=yamlio.null_word(old_text))


def test_closest_gives_difflibs_answer() -> None:
    rng = random.Random(5)
    letters = "abcdeflz-0123456789"
    for _ in range(80):
        known = sorted({_word(rng, letters, rng.randint(1, 16)) for _ in range(rng.randint(0, 40))})
        known += [k + rng.choice(letters) for k in known[:8]]  # near twins: ties and bounds
        closest = Closest(known)
        for _ in range(20):
            word = list(rng.choice(known) if known and rng.random() < 0.8 else "")
            for _ in range(rng.randint(0, 4)):
                where = rng.randint(0, len(word))
                word[where : where + rng.randint(0, 1)] = rng.choice(["", rng.choice(letters)])
            text = "".join(word)
            expected = difflib.get_close_matches(text, known, n=1)
            assert closest(text) == (expected[0] if expected else None), (text, known)


def test_renumbered_goals_are_hinted_without_comparing_every_reference_with_every_goal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A city renumbers its goals: every reference breaks. Each broken reference was compared
    # in full with every goal (validate: 4 s in the large concept, 54 s at four times it).
    (tmp_path / "konzeptdoc.yaml").write_text("schema_version: 1\nmunicipality: M\n")
    konzeptdoc.save_concept(generate(fields=3, goals=30, measures=60, words=2000), tmp_path)
    folder = next((tmp_path / "concepts").iterdir())
    goal_ids = set()
    for path in (folder / "fields").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        goal_ids |= set(re.findall(r"id: (feld-\d+-[lh]z-\d+)", text))
        text = re.sub(r"(feld-\d+-[lh]z-\d+)", r"\1x", text)
        path.write_text(re.sub(r"id: (feld-\d+-[lh]z-\d+)x", r"id: \1", text), encoding="utf-8")
    ratios = []
    original = difflib.SequenceMatcher.ratio

    def counted(self: difflib.SequenceMatcher[str]) -> float:
        ratios.append(1)
        return original(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counted)
    problems = konzeptdoc.validate(folder)
    monkeypatch.undo()
    broken = [p for p in problems if "Kennung" in p.message]
    refs = [re.search(r"Kennung „([^“]+)“", p.message).group(1) for p in broken]  # type: ignore[union-attr]
    assert len(refs) > 2 * len(set(refs)) > 40
    assert len(ratios) < 4 * len(set(refs))  # before: every reference × every goal (3,000+)
    for problem, ref in zip(broken, refs, strict=True):
        meant = difflib.get_close_matches(ref, sorted(goal_ids), n=1)[0]
        assert f"gemeint ist wohl „{meant}“" in problem.message
        assert problem.line is not None and problem.file is not None


def _word(rng: random.Random, letters: str, size: int) -> str:
    return "".join(rng.choice(letters) for _ in range(size))


@pytest.mark.usefixtures("isolated_git")
def test_history_names_its_entities_from_the_newest_revisions_only(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `konzeptdoc history` loaded the whole concept at every revision of the history to
    # name what it shows: 12 s for 150 entries of a measure in the large concept.
    field = repo / "concepts" / "test" / "fields" / "bildung.yaml"

    def commit(old: str, new: str, message: str) -> None:
        if old:
            field.write_text(field.read_text(encoding="utf-8").replace(old, new), "utf-8")
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
        subprocess.run(["git", "commit", "-qm", message], cwd=repo, check=True)

    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commit("", "", "Anfang")
    kita = "  - id: hz-kita\n    level: action\n    title: Kita-Plätze\n    parent: lz-bildung\nmeasures:"
    commit("measures:", kita, "Kita")
    commit("goals: [hz-sprache]", "goals: [hz-kita]", "Ziel")
    for old, new in [("planned", "in_progress"), ("in_progress", "done"), ("done", "continued")]:
        commit(f"status: {old}", f"status: {new}", new)
    sprache = "  - id: hz-sprache\n    level: action\n    title: Sprachförderung ausbauen\n    parent: lz-bildung   # Kommentar am Ziel\n"
    commit(sprache, "", "Sprachziel entfällt")  # its title is only in older revisions
    loads = []
    original = konzeptdoc.Repository.load

    def counted(self: konzeptdoc.Repository, *args: Any, **kwargs: Any) -> Any:
        loads.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(konzeptdoc.Repository, "load", counted)
    out = io.StringIO()
    assert main(["-C", str(repo), "history", "test", "m-sprachkurse"], stdout=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "Maßnahme 1.1 „Sprachkurse für Eltern“"
    assert [line for line in lines if line.startswith("    ")] == [
        "    neu in Handlungsfeld 1 „Bildung & Sprache“",
        "    geändert in Handlungsfeld 1 „Bildung & Sprache“",
        "    Ziele: Sprachförderung ausbauen → Kita-Plätze",
        *[
            line
            for step in (
                "geplant → in Umsetzung",
                "in Umsetzung → umgesetzt",
                "umgesetzt → fortgeführt",
            )
            for line in (
                "    geändert in Handlungsfeld 1 „Bildung & Sprache“",
                f"    Stand: {step}",
            )
        ],
    ], lines
    assert len(loads) <= 2  # before: one per entry of the history (5)


def test_markdown_is_parsed_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    # markdown-it's tokens of a long text all stay alive until its blocks are built; the
    # collector's passes over them made comparing two 1 MB paragraphs with emphasis take
    # twice as long, growing faster than the text.
    from konzeptdoc.model import text

    parser = text._parser()
    seen = []
    original = type(parser).parse

    def watched(self: Any, source: str, env: Any = None) -> Any:
        seen.append(gc.isenabled())
        return original(self, source, env)

    monkeypatch.setattr(type(parser), "parse", watched)
    source = " ".join(f"**Wort {n}** und *{n}* [mehr](https://example.org/{n})" for n in range(50))
    blocks = text.parse(source + " – einmalig für diesen Test")
    assert seen == [False] and gc.isenabled()
    runs = blocks[0].runs  # type: ignore[union-attr]
    assert [(r.text, r.bold, r.italic, r.link) for r in runs[:4]] == [
        ("Wort 0", True, False, None),
        (" und ", False, False, None),
        ("0", False, True, None),
        (" ", False, False, None),
    ]
    assert runs[4] == text.Run("mehr", link="https://example.org/0")


def test_a_redline_credits_each_moved_measure_to_its_own_entity() -> None:
    # Each tracked change asks which entity its paragraph shows; the answer listed every
    # entity's mark at each question (a redline of 4,000 moved measures: 7.4 s, 3.7 s after).
    from konzeptdoc.diff.redline import redline_document

    old = generate(fields=1, goals=2, measures=30, words=600)
    new = old.model_copy(deep=True)
    random.Random(3).shuffle(new.fields[0].measures)
    data = redline_document(old, new, lambda entity: (entity or "-", "2026-01-01T00:00:00Z"))
    body = docx.Document(io.BytesIO(data)).element.body
    titles = {m.title: m.id for m in old.fields[0].measures}
    credited = {}
    for tag in ("ins", "del"):
        for mark in body.iter(f"{{{_W}}}{tag}"):
            text = "".join(mark.itertext())
            if text in titles:
                credited.setdefault(text, set()).add(mark.get(f"{{{_W}}}author"))
    assert len(credited) > 20  # most titles moved, as deleted and inserted paragraphs
    assert all(authors == {titles[text]} for text, authors in credited.items()), credited


def test_entity_of_lists_the_marks_once_per_change_of_them() -> None:
    from konzeptdoc.documents.wordml import Body

    class Counted(list[tuple[int, str | None]]):
        walks = 0

        def __iter__(self) -> Any:
            Counted.walks += 1
            return super().__iter__()

    body = Body({}, lambda url: None)  # type: ignore[arg-type]
    marks = body.entity_marks = Counted(body.entity_marks)
    queries = 0
    for number in range(100):
        body.parts += ["<w:p/>"] * (number % 3)
        body.begin(f"m-{number}" if number % 7 else None)
        for part in range(0, len(body.parts) + 1, 3):
            last = max(i for i in range(len(marks)) if marks[i][0] <= part)  # no walk
            assert body.entity_of(part) == marks[last][1]
            queries += 1
    assert queries > 1000
    assert Counted.walks <= 100  # once per mark added; before: once per question


def test_a_reviewers_edit_of_a_long_text_aligns_sentences_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One word matcher over a whole value: a reviewer's one-word edit of a 4,000-word
    # situation took 19 s to carry into its Markdown source (every space token matches
    # every other one); 250 tracked changes in one 1,000-word paragraph took 19 s, 500 90 s.
    from konzeptdoc.model.text import plain_text
    from konzeptdoc.review import text

    rng = random.Random(2)
    words = [
        "Sprache",
        "Kita",
        "Schule",
        "Arbeit",
        "Wohnen",
        "Quartier",
        "Teilhabe",
        "Beratung",
        "Förderung",
    ]
    sentences = []
    for number in range(70):
        chosen = [rng.choice(words) for _ in range(10)]
        chosen[number % 10] = f"**{chosen[number % 10]}**"
        sentences.append(" ".join(chosen) + ".")
    source = "\n\n".join(" ".join(sentences[n : n + 7]) for n in range(0, 70, 7))
    plain = text.shape(plain_text(source)).split(" ")
    for at in range(5, len(plain), 97):
        plain[at] = "Geändert"
    new = " ".join(plain)
    compared = []
    original = difflib.SequenceMatcher.set_seqs

    def recorded(self: Any, a: Any, b: Any) -> None:
        compared.append(len(a) * len(b))
        original(self, a, b)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seqs", recorded)
    out = text.transfer(source, new, markdown=True)
    assert compared and max(compared) < 200_000  # before: 1,400 × 1,400 tokens at once
    monkeypatch.setattr(text, "_EXACT_PAIRS", 10**9)  # the whole value at once, as before
    assert out == text.transfer(source, new, markdown=True)
    assert out is not None and out.count("**") == source.count("**")
    assert text.norm(plain_text(out)) == text.norm(new)
