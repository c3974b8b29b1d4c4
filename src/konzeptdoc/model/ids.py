"""Ids derived from titles, and assigning them to entities written without one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from operator import attrgetter

from konzeptdoc.model import Concept, Entity, kinds

MAX_ID_LENGTH = 64
_TRANSLITERATION = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "ẞ": "ss",
        # Letters that Unicode does not decompose into an ASCII base letter.
        "ı": "i",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
    }
)
_NOT_ID = re.compile(r"[^a-z0-9]+")


def slugify(title: str, *, prefix: str = "x") -> str:
    """An id derived from a title: lowercase ASCII, umlauts transliterated.

    `prefix` starts the id when the title does not begin with a letter.

    >>> slugify("Bildung & Sprache")
    'bildung-sprache'
    >>> slugify("Förderung für Geflüchtete – Straße")
    'foerderung-fuer-gefluechtete-strasse'
    >>> slugify("2. Workshop", prefix="event")
    'event-2-workshop'
    """
    text = title.lower().translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ID.sub("-", text).strip("-")
    if not slug or not slug[0].isalpha():
        slug = f"{prefix}-{slug}".strip("-")
    if len(slug) > MAX_ID_LENGTH:
        slug = (
            slug[:MAX_ID_LENGTH].rsplit("-", 1)[0]
            if "-" in slug[:MAX_ID_LENGTH]
            else slug[:MAX_ID_LENGTH]
        )
    return slug


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3` … whichever is not in `taken` (kept ≤ 64 characters)."""
    if slug not in taken:
        return slug
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = slug[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def entities(concept: Concept) -> Iterator[tuple[Entity, str]]:
    """Every entity of the concept that carries an id, in document order, with the prefix
    its derived id starts with when the title gives no letter to start with."""
    for kind, entity in kinds.entities(concept):
        yield entity, kind.prefix


def assign_missing_ids(concept: Concept) -> list[Entity]:
    """Give every entity without an id one derived from its title; return those changed.

    Entities are visited in document order, so the same data always gets the same ids.
    """
    if _all_identified(concept):  # a save asks at every change: list by list, in C
        return []
    every = list(entities(concept))
    taken = {entity.id for entity, _ in every if entity.id}
    taken.add(concept.id)
    changed: list[Entity] = []
    for entity, prefix in every:
        if entity.id:
            continue
        words = " ".join(entity.label().split()[:6])
        entity.id = unique(slugify(words, prefix=prefix), taken)
        taken.add(entity.id)
        changed.append(entity)
    return changed


def _all_identified(concept: Concept) -> bool:
    get_id = attrgetter("id")
    lists = [getattr(concept, kind.container) for kind in kinds.owned_by("concept")]
    inside = kinds.containers("field")
    lists += [getattr(field, key) for field in concept.fields for key in inside]
    if concept.participation is not None:
        part = concept.participation
        lists += [getattr(part, key) for key in kinds.containers("participation")]
    return all(all(map(get_id, items)) for items in lists)
