"""The word diff's exact results, pinned: a faster algorithm must give the same operations.

Recorded from the plain word-level `difflib.SequenceMatcher` before the diff went
hierarchical (sentences first, then words inside changed sentences), on hand-written edits
and on generated paragraphs of 300–1,000 words with 1–10 edits. Equal stretches of the
generated cases are pinned by length; every case also checks that the operations spell both
texts and that the diff mirrors.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from konzeptdoc.diff import words
from konzeptdoc.diff.words import text_diff, word_ops
from konzeptdoc.testing.prose import WORDS, Prose

# fmt: off
WORD_OPS = [
    ('Die Stadt fördert Sprachkurse.', 'Die Stadt fördert Sprachkurse und Ehrenamt.', (('equal', 'Die Stadt fördert Sprachkurse', 'Die Stadt fördert Sprachkurse'), ('insert', '', ' und Ehrenamt'), ('equal', '.', '.'))),
    ('Das Ehrenamt-Netzwerk berät Geflüchtete in Wohnungsfragen.', 'Das Ehrenamts-Netzwerk berät Neuzugewanderte in Wohnungsfragen.', (('equal', 'Das ', 'Das '), ('replace', 'Ehrenamt-Netzwerk', 'Ehrenamts-Netzwerk'), ('equal', ' berät ', ' berät '), ('replace', 'Geflüchtete', 'Neuzugewanderte'), ('equal', ' in Wohnungsfragen.', ' in Wohnungsfragen.'))),
    ('Kitas & Schulen öffnen sich, Eltern beteiligen sich.', 'Kitas & Schulen öffnen sich; Eltern beteiligen sich!', (('equal', 'Kitas & Schulen öffnen sich', 'Kitas & Schulen öffnen sich'), ('replace', ',', ';'), ('equal', ' Eltern beteiligen sich', ' Eltern beteiligen sich'), ('replace', '.', '!'))),
    ('Erster Satz. Zweiter Satz. Dritter Satz.', 'Neuer Satz. Erster Satz. Zweiter Satz. Dritter Satz.', (('insert', '', 'Neuer Satz. '), ('equal', 'Erster Satz. Zweiter Satz. Dritter Satz.', 'Erster Satz. Zweiter Satz. Dritter Satz.'))),
    ('Erster Satz. Zweiter Satz. Dritter Satz.', 'Erster Satz. Zweiter Satz. Eingefügt hier. Dritter Satz.', (('equal', 'Erster Satz. Zweiter Satz. ', 'Erster Satz. Zweiter Satz. '), ('insert', '', 'Eingefügt hier. '), ('equal', 'Dritter Satz.', 'Dritter Satz.'))),
    ('Erster Satz. Zweiter Satz. Dritter Satz.', 'Erster Satz. Zweiter Satz. Dritter Satz. Letzter Satz.', (('equal', 'Erster Satz. Zweiter Satz. Dritter Satz.', 'Erster Satz. Zweiter Satz. Dritter Satz.'), ('insert', '', ' Letzter Satz.'))),
    ('Erster Satz. Zweiter Satz. Dritter Satz.', 'Erster Satz. Dritter Satz.', (('equal', 'Erster', 'Erster'), ('delete', ' Satz. Zweiter', ''), ('equal', ' Satz. Dritter Satz.', ' Satz. Dritter Satz.'))),
    ('Die Stadt fördert „Sprachkurse“ im Quartier. Der Träger berät Familien.', 'Die Stadt fördert „Sprachkurse“ im Stadtteil. Der Träger berät Familien und Kinder.', (('equal', 'Die Stadt fördert „Sprachkurse“ im ', 'Die Stadt fördert „Sprachkurse“ im '), ('replace', 'Quartier', 'Stadtteil'), ('equal', '. Der Träger berät Familien', '. Der Träger berät Familien'), ('insert', '', ' und Kinder'), ('equal', '.', '.'))),
    ('Die Stadt fördert Sprachkurse. Der Träger berät.', 'Die Stadt fördert Sprachkurse, der Träger berät.', (('equal', 'Die Stadt fördert Sprachkurse', 'Die Stadt fördert Sprachkurse'), ('replace', '.', ','), ('equal', ' ', ' '), ('replace', 'Der', 'der'), ('equal', ' Träger berät.', ' Träger berät.'))),
    ('Ja. Ja. Nein. Ja.', 'Ja. Nein. Ja. Ja.', (('delete', 'Ja. ', ''), ('equal', 'Ja. Nein. Ja.', 'Ja. Nein. Ja.'), ('insert', '', ' Ja.'))),
    ('', 'Ganz neu.', (('insert', '', 'Ganz neu.'),)),
]
TEXT_DIFFS = [
    ('Erster Absatz bleibt.\n\nZweiter Absatz mit einem Wort.\n\nDritter Absatz.', 'Erster Absatz bleibt.\n\nZweiter Absatz mit einem anderen Wort.\n\nGanz und gar verschieden formuliert heute.\n\nDritter Absatz.', (('equal', 'Erster Absatz bleibt.', 'Erster Absatz bleibt.', ()), ('modified', 'Zweiter Absatz mit einem Wort.', 'Zweiter Absatz mit einem anderen Wort.', (('equal', 'Zweiter Absatz mit einem ', 'Zweiter Absatz mit einem '), ('insert', '', 'anderen '), ('equal', 'Wort.', 'Wort.'))), ('insert', '', 'Ganz und gar verschieden formuliert heute.', ()), ('equal', 'Dritter Absatz.', 'Dritter Absatz.', ()))),
    ('Ein *betonter* Text mit [Link](https://example.org).\n\n- Punkt eins\n- Punkt zwei', 'Ein *betonter* Text mit [Verweis](https://example.org).\n\n- Punkt eins\n- Punkt drei', (('modified', 'Ein betonter Text mit Link.', 'Ein betonter Text mit Verweis.', (('equal', 'Ein betonter Text mit ', 'Ein betonter Text mit '), ('replace', 'Link', 'Verweis'), ('equal', '.', '.'))), ('equal', 'Punkt eins', 'Punkt eins', ()), ('modified', 'Punkt zwei', 'Punkt drei', (('equal', 'Punkt ', 'Punkt '), ('replace', 'zwei', 'drei'))))),
    ('Absatz A.\n\nAbsatz B wird komplett ersetzt durch etwas.', 'Absatz A.\n\nVöllig anderer Inhalt ohne jede Gemeinsamkeit hier.', (('equal', 'Absatz A.', 'Absatz A.', ()), ('delete', 'Absatz B wird komplett ersetzt durch etwas.', '', ()), ('insert', '', 'Völlig anderer Inhalt ohne jede Gemeinsamkeit hier.', ()))),
]
GENERATED = [
    (1, 300, 1, (('equal', 2554), ('delete', 'jobcenter ', ''), ('equal', 39))),
    (2, 300, 3, (('equal', 751), ('delete', ' zuwanderung', ''), ('equal', 1243), ('replace', 'über', 'Verwaltung'), ('equal', 248), ('insert', '', ' Wohnungsmarkt'), ('equal', 267))),
    (3, 600, 2, (('equal', 1840), ('replace', 'über', 'Straße'), ('equal', 172), ('replace', 'stadtgesellschaft', 'Praktikum'), ('equal', 2992))),
    (4, 1000, 5, (('equal', 199), ('replace', 'jobcenter', 'Mentoring'), ('equal', 2011), ('replace', 'übergang', 'Quartier'), ('equal', 5), ('replace', 'aufklärung', 'Fachkräfte'), ('equal', 742), ('insert', '', ' Angebot'), ('equal', 4691), ('insert', '', 'Qualifizierung '), ('equal', 995))),
    (5, 1000, 10, (('equal', 12), ('replace', 'und', 'Verwaltung'), ('equal', 2558), ('delete', 'jugendhilfe ', ''), ('equal', 184), ('replace', 'durch', 'Öffnung'), ('equal', 1206), ('replace', 'maßnahme', 'Begegnung'), ('equal', 284), ('replace', 'auf', 'Zuwanderung'), ('equal', 148), ('insert', '', ' Geflüchtete'), ('equal', 1159), ('insert', '', 'Gleichstellung '), ('equal', 954), ('replace', 'sowie', 'Ausbildung'), ('equal', 1004), ('delete', 'pflege ', ''), ('equal', 193), ('replace', 'in', 'Schwimmkurs'), ('equal', 757))),
]
# fmt: on


def _spelled(ops: Any) -> tuple[str, str]:
    return "".join(op.old for op in ops), "".join(op.new for op in ops)


@pytest.mark.parametrize(("old", "new", "expected"), WORD_OPS)
def test_word_ops_are_pinned(old: str, new: str, expected: Any) -> None:
    ops = word_ops(old, new)
    assert tuple((op.kind, op.old, op.new) for op in ops) == expected
    assert _spelled(ops) == (old, new)


@pytest.mark.parametrize(("old", "new", "expected"), TEXT_DIFFS)
def test_text_diffs_are_pinned(old: str, new: str, expected: Any) -> None:
    result = text_diff(old, new)
    got = tuple((p.kind, p.old, p.new, tuple((o.kind, o.old, o.new) for o in p.words))
                for p in result.paragraphs)  # fmt: skip
    assert got == expected
    turned = text_diff(new, old)
    assert [(p.old, p.new) for p in turned.paragraphs] == [
        (p.new, p.old) for p in result.paragraphs
    ]


def generated(seed: int, words: int, edits: int) -> tuple[str, str]:
    """A paragraph of `words` words and a copy with `edits` words replaced, added or dropped."""
    rng = random.Random(seed)
    text = Prose(rng).text(words, paragraph_words=words)
    parts = text.split(" ")
    for index in sorted(rng.sample(range(len(parts)), edits)):
        roll = rng.random()
        if roll < 0.5:
            parts[index] = rng.choice(WORDS) + ("." if parts[index].endswith(".") else "")
        elif roll < 0.75:
            parts[index] = rng.choice(WORDS) + " " + parts[index]
        else:
            parts[index] = "" if not parts[index].endswith(".") else "."
    return text, " ".join(part for part in parts if part)


@pytest.mark.parametrize(("seed", "words", "edits", "expected"), GENERATED)
def test_generated_paragraphs_are_pinned(seed: int, words: int, edits: int, expected: Any) -> None:
    old, new = generated(seed, words, edits)
    ops = word_ops(old, new)
    compact = tuple((op.kind, len(op.old)) if op.kind == "equal" else (op.kind, op.old, op.new)
                    for op in ops)  # fmt: skip
    assert compact == expected
    assert _spelled(ops) == (old, new)


def test_long_paragraph_finds_each_edit() -> None:
    # 4,000 words in one paragraph, 12 words replaced: 12 replacements, nothing else.
    rng = random.Random(7)
    old = Prose(rng).text(4000, paragraph_words=4000)
    parts = old.split(" ")
    for index in rng.sample(range(len(parts)), 12):
        parts[index] = "Ersatzwort" + ("." if parts[index].endswith(".") else "")
    new = " ".join(parts)
    ops = word_ops(old, new)
    assert _spelled(ops) == (old, new)
    assert [op.new for op in ops if op.kind != "equal"] == ["Ersatzwort"] * 12


def test_text_without_sentence_ends_still_diffs() -> None:
    # One changed stretch of 3,000 words without a full stop: past the exact matcher's bound,
    # popular tokens stop anchoring (autojunk), and the operations still spell both texts.
    rng = random.Random(8)
    words = [rng.choice(WORDS) for _ in range(3000)]
    old = " ".join(words)
    new = " ".join(["Anfang", *words[:1500], "Mitte", *words[1500:], "Ende"])
    ops = word_ops(old, new)
    assert _spelled(ops) == (old, new)
    assert "Mitte" in "".join(op.new for op in ops if op.kind != "equal")


def _edited(rng: random.Random) -> tuple[str, str]:
    """Two paragraphs with edits of every kind, or two from a tiny vocabulary (many repeats)."""
    if rng.random() < 0.2:
        vocabulary = ["Ja", "Nein", "und", ".", ";"]
        return tuple(  # type: ignore[return-value]
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 60))) for _ in "ab"
        )
    words = rng.choice([5, 20, 60, 200])
    text = Prose(rng).text(words, paragraph_words=words)
    parts = text.split(" ")
    for index in rng.sample(range(len(parts)), rng.randint(1, max(1, len(parts) // 3))):
        roll = rng.random()
        if roll < 0.4:
            parts[index] = rng.choice(WORDS) + ("." if parts[index].endswith(".") else "")
        elif roll < 0.6:
            parts[index] = f"{parts[index]} {rng.choice(WORDS)} {rng.choice(WORDS)}."
        elif roll < 0.8:
            parts[index] = parts[rng.randrange(len(parts))]
        else:
            parts[index] = "" if not parts[index].endswith(".") else "."
    return text, " ".join(part for part in parts if part)


def test_shortcuts_give_what_the_full_search_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    # The sentence split read from the text, and an edge match taken without searching the
    # stretch, against the route before them: tokens first, the matcher searching always.
    rng = random.Random(14)
    cases = [_edited(rng) for _ in range(60)]
    fast = [(word_ops(a, b), word_ops(b, a)) for a, b in cases]
    monkeypatch.setattr(words, "_unbeaten", lambda candidates, longest: None)
    for (a, b), got in zip(cases, fast, strict=True):
        slow = []
        for x, y in ((a, b), (b, a)):
            tx, ty = words.tokens(x), words.tokens(y)
            slow.append(tuple(
                (kind, "".join(tx[i1:i2]), "".join(ty[j1:j2]))
                for kind, i1, i2, j1, j2 in words.opcodes(tx, ty)
            ))  # fmt: skip
        assert [tuple((o.kind, o.old, o.new) for o in ops) for ops in got] == slow
    for text in ("", "a", "Ja.  Nein!\nDoch:\tso; „x“. -y z-w . .", "Ende.", " . ; :x"):
        texts, starts, flat = words._split(text, {})
        parts = words.sentences(words.tokens(text))
        assert flat == words.tokens(text)
        assert [tuple(flat[x:y]) for x, y in itertools.pairwise(starts)] == parts
        assert texts == ["".join(part) for part in parts]


def test_rewritten_paragraph_is_diffed_sentence_by_sentence() -> None:
    # Half the words of 1,500 replaced: no sentence is left to anchor, the changed stretch
    # is the whole paragraph and goes sentence by sentence (pairing), not to one matcher.
    rng = random.Random(9)
    old = Prose(rng).text(1500, paragraph_words=1500)
    parts = old.split(" ")
    replaced = sorted(rng.sample(range(len(parts)), len(parts) // 2))
    for index in replaced:
        parts[index] = "Neuwort" + ("." if parts[index].endswith(".") else "")
    new = " ".join(parts)
    assert words._compared(words.tokens(old), words.tokens(new), words._PAIRED_ABOVE)
    result = text_diff(old, new)
    assert [p.kind for p in result.paragraphs] == ["modified"]
    ops = result.paragraphs[0].words
    assert _spelled(ops) == (old, new)
    assert all("equal" in (x.kind, y.kind) for x, y in itertools.pairwise(ops))
    changed = "".join(op.new for op in ops if op.kind != "equal")
    assert changed.count("Neuwort") == new.count("Neuwort")  # each replacement shown
    unchanged = "".join(op.old for op in ops if op.kind == "equal")
    assert len(unchanged) > len(old) // 3  # the kept words are not shown as replaced
    other = Prose(random.Random(10)).text(1500, paragraph_words=1500)
    assert [p.kind for p in text_diff(old, other).paragraphs] in (
        ["delete", "insert"],
        ["insert", "delete"],
    )
