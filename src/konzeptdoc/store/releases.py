"""Releases: council decisions recorded as annotated tags carrying their metadata.

The tag message starts with a readable line and ends with a block of ``key: value`` lines
after a ``konzeptdoc-release: 1`` marker, so `git show TAG` is readable and the metadata is
machine-readable without any file outside git.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from konzeptdoc.errors import StoreError, UnknownRevisionError
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.plumbing import git_date, parse_author
from konzeptdoc.store.records import Release


class Repository(Protocol):
    """What releases need of a repository (`konzeptdoc.store.Repository` is one)."""

    @property
    def git(self) -> Git: ...

    def resolve(self, rev: str = "HEAD") -> str: ...

    def load(self, concept_id: str, rev: str = "HEAD") -> Any: ...


MARKER = "konzeptdoc-release: 1"
_FIELDS = ("body", "date", "number", "concept", "title")


def create_release(
    repository: Repository,
    tag: str,
    *,
    body: str,
    date: dt.date | str,
    number: str | None = None,
    concept: str | None = None,
    title: str | None = None,
    rev: str = "HEAD",
    author: str | None = None,
) -> Release:
    """Record a council decision as an annotated tag on `rev`.

    Raises:
        StoreError: The tag exists, or a value is not valid.
        UnknownRevisionError: `rev` does not resolve.
        UnknownConceptError: `concept` does not exist at `rev`.
    """
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise StoreError(f"decision date {date!r} is not a date (YYYY-MM-DD)") from None
    if not tag or tag.startswith("-"):
        raise StoreError(f"'{tag}' is not a valid tag name (it must not start with '-')")
    sha = repository.resolve(rev)
    if concept is not None:
        repository.load(concept, sha)  # refuses an unknown or invalid concept
    check = repository.git.run("check-ref-format", f"refs/tags/{tag}", check=False)
    if repository.git.run(
        "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}", check=False
    ).strip():
        raise StoreError(f"release tag '{tag}' exists already ('konzeptdoc releases' lists them)")
    del check
    values = {
        "body": body,
        "date": date.isoformat(),
        "number": number,
        "concept": concept,
        "title": title,
    }
    for key, value in values.items():
        if value is not None and ("\n" in value or not value.strip()):
            raise StoreError(f"release {key} must be one non-empty line, got {value!r}")
    headline = ", ".join(
        p for p in (body, date.strftime("%d.%m.%Y"), number and f"Nr. {number}") if p
    )
    lines = [headline, ""] + ([title, ""] if title else []) + [MARKER]
    lines += [f"{key}: {value}" for key, value in values.items() if value is not None]
    name, email = parse_author(author)
    when = git_date(date)
    env = {
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": when or "",
    }
    result = repository.git.run(
        "tag",
        "-a",
        tag,
        "-F",
        "-",
        sha,
        input="\n".join(lines).encode("utf-8") + b"\n",
        env=env,
        check=False,
    )
    if not repository.git.run(
        "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}", check=False
    ).strip():
        raise StoreError(f"'{tag}' is not a valid tag name (git refuses it){result}")
    return Release(tag, sha, body, date, number, concept, title)


def _parse(tag: str, sha: str, message: str) -> Release | None:
    if MARKER not in message:
        return None
    values: dict[str, str] = {}
    for line in message.split(MARKER, 1)[1].splitlines():
        key, _, value = line.partition(": ")
        if key in _FIELDS:
            values[key] = value.strip()
    try:
        date = dt.date.fromisoformat(values.get("date", ""))
    except ValueError:
        return None
    return Release(
        tag,
        sha,
        values.get("body", ""),
        date,
        values.get("number"),
        values.get("concept"),
        values.get("title"),
    )


def list_releases(repository: Repository) -> list[Release]:
    """Every konzeptdoc release of the repository, oldest decision first."""
    out = repository.git.run(
        "for-each-ref",
        "refs/tags",
        "--format=%(refname:short)%1f%(objecttype)%1f%(*objectname)%1f%(contents)%1e",
    )
    releases = []
    for record in out.split("\x1e"):
        if not record.strip():
            continue
        tag, kind, target, message = record.strip("\n").split("\x1f", 3)
        if kind == "tag":
            release = _parse(tag, target, message)
            if release is not None:
                releases.append(release)
    return sorted(releases, key=lambda r: (r.date, r.tag))


def tags_by_commit(repository: Repository) -> dict[str, list[str]]:
    """commit sha → the release tags on it."""
    result: dict[str, list[str]] = {}
    for release in list_releases(repository):
        result.setdefault(release.sha, []).append(release.tag)
    return result


def in_force(
    repository: Repository, as_of: dt.date | str, *, concept: str | None = None
) -> Release:
    """The latest release decided on or before `as_of` (for `concept`, if given).

    Raises:
        UnknownRevisionError: No release was decided by then.
    """
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            raise UnknownRevisionError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None
    candidates = [
        r
        for r in list_releases(repository)
        if r.date <= as_of and (concept is None or r.concept in (None, concept))
    ]
    if not candidates:
        scope = f" for concept '{concept}'" if concept else ""
        raise UnknownRevisionError(
            f"no release{scope} was decided on or before {as_of.isoformat()} "
            "('konzeptdoc releases' lists them)"
        )
    return candidates[-1]


def latest_release(repository: Repository, concept: str | None = None) -> Release | None:
    """The most recent release (for `concept`, if given), or None."""
    candidates = [
        r for r in list_releases(repository) if concept is None or r.concept in (None, concept)
    ]
    return candidates[-1] if candidates else None
