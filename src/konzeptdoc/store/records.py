"""What the store returns: revisions, releases, history entries and blame lines (frozen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit of the concept repository."""

    sha: str
    date: dt.datetime
    author: str
    email: str
    message: str
    releases: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        """The abbreviated sha (7 characters), as git shows it."""
        return self.sha[:7]

    @property
    def subject(self) -> str:
        """The first line of the message."""
        return self.message.split("\n", 1)[0]


@dataclass(frozen=True, slots=True)
class Release:
    """A council decision recorded as an annotated tag.

    Attributes:
        tag: The tag name, e.g. ``integrationskonzept/2020-07-09``.
        sha: The commit the decision adopted.
        body: The deciding body, e.g. "Stadtverordnetenversammlung".
        date: The date of the decision.
        number: The decision number, e.g. "0522", if any.
        concept: The concept it concerns, or None for the whole repository.
        title: What was decided, in a line.
    """

    tag: str
    sha: str
    body: str
    date: dt.date
    number: str | None = None
    concept: str | None = None
    title: str | None = None

    def describe(self) -> str:
        """ "Stadtverordnetenversammlung, 09.07.2020, Nr. 0522"."""
        parts = [self.body, self.date.strftime("%d.%m.%Y")]
        if self.number:
            parts.append(f"Nr. {self.number}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class KeyChange:
    """One key of an entity with its old and new value (None where absent)."""

    key: str
    old: object
    new: object


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A revision in which an entity changed, and how.

    `kind` is one of "added", "removed", "renamed", "moved", "modified"; a rename or move
    may come with further key changes in `changes`.
    """

    revision: Revision
    kind: str
    file: str
    changes: tuple[KeyChange, ...] = ()
    moved_from: str | None = None
    releases: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class BlameLine:
    """Which revision last changed an entity, and the release that first included that change.

    `name` is the entity as a reader knows it ('Maßnahme 3.2 „Mama lernt Deutsch“').
    """

    entity: str
    kind: str
    title: str
    file: str
    revision: Revision
    release: Release | None
    name: str = ""
