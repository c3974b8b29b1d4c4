"""Hostile texts within the size cap must not make a diff run for minutes: a 300,000-word
"sentence" with 2,000 scattered edits, or 60,000 paragraphs repeating a few texts, were
quadratic in the word or paragraph matcher."""

from __future__ import annotations

import random
import time

from konzeptdoc.diff.words import text_diff


def _edited(parts: list[str], rng: random.Random, edits: int) -> list[str]:
    changed = list(parts)
    for index in rng.sample(range(len(changed)), edits):
        changed[index] = "NEU"
    return changed


def test_a_huge_sentence_with_scattered_edits_is_diffed_in_bounded_time() -> None:
    rng = random.Random(1)
    words = [f"Wort{rng.randint(0, 5000)}" for _ in range(60_000)]
    old, new = " ".join(words), " ".join(_edited(words, rng, 400))
    started = time.process_time()
    diff = text_diff(old, new)
    assert time.process_time() - started < 10  # generous: ~0.3 s; unbounded it took minutes
    # Shown whole as replaced: nothing lost, only coarser than word by word.
    assert sorted(p.kind for p in diff.paragraphs) == ["delete", "insert"]
    assert {p.old for p in diff.paragraphs} == {old, ""}
    assert {p.new for p in diff.paragraphs} == {new, ""}


def test_many_repeated_paragraphs_are_diffed_in_bounded_time() -> None:
    rng = random.Random(2)
    paragraphs = [f"Absatz {rng.randint(0, 50)}" for _ in range(30_000)]
    old, new = "\n\n".join(paragraphs), "\n\n".join(_edited(paragraphs, rng, 1000))
    started = time.process_time()
    diff = text_diff(old, new)
    assert time.process_time() - started < 10  # generous; 60,000 paragraphs took a minute
    assert sum(p.new == "NEU" for p in diff.paragraphs) == 1000
