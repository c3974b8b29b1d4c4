"""Releases: council decisions recorded as annotated tags carrying their metadata.

The tag message starts with a readable line and ends with a block of ``key: value`` lines
after a ``konzeptdoc-release: 1`` marker, so `git show TAG` is readable and the metadata is
machine-readable without any file outside git.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Protocol

from konzeptdoc.errors import ReleaseNameError, StoreError, UnknownRevisionError
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.gitsays import meaning
from konzeptdoc.store.plumbing import git_date, raise_lock_error, signature
from konzeptdoc.store.records import Release


class HasGit(Protocol):
    """What listing releases needs: git (`Repository` and `revisions.Revisions` have it)."""

    @property
    def git(self) -> Git: ...


class Repository(HasGit, Protocol):
    """What releases need of a repository (`konzeptdoc.store.Repository` is one)."""

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
        ReleaseNameError: The name shadows a branch, HEAD or a commit id, or is no git name.
        RefLockError: A lock file of git is in the way.
        UnknownRevisionError: `rev` does not resolve.
        UnknownConceptError: `concept` does not exist at `rev`.
    """
    date = _decision_date(date)
    sha = repository.resolve(rev)
    check_release_name(repository.git, tag)
    if concept is not None:
        repository.load(concept, sha)  # refuses an unknown or invalid concept
    if repository.git.run(
        "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}", check=False
    ).strip():
        raise StoreError(
            f"Die Fassung „{tag}“ gibt es schon („konzeptdoc releases“ listet alle auf)"
        )
    values = {
        "body": body,
        "date": date.isoformat(),
        "number": number,
        "concept": concept,
        "title": title,
    }
    for key, value in values.items():
        if value is not None and ("\n" in value or not value.strip()):
            from konzeptdoc.german.glossary import key_label  # only here: `log` skips it

            said = (  # an empty value showed as „“
                "ist leer" if not value.strip() else f"hat mehrere Zeilen („{value[:60]}“)"
            )
            raise StoreError(
                f"Die Angabe „{key_label(key)}“ des Beschlusses {said}: eine Zeile Text angeben"
            )
    headline = ", ".join(
        p for p in (body, date.strftime("%d.%m.%Y"), number and f"Nr. {number}") if p
    )
    lines = [headline, ""] + ([title, ""] if title else []) + [MARKER]
    lines += [f"{key}: {value}" for key, value in values.items() if value is not None]
    _write_tag(repository.git, tag, sha, "\n".join(lines) + "\n", author=author, date=date)
    return Release(tag, sha, body, date, number, concept, title)


def _decision_date(date: dt.date | str) -> dt.date:
    if isinstance(date, str):
        try:
            return dt.date.fromisoformat(date)
        except ValueError:
            raise StoreError(
                f"Das Beschlussdatum „{date}“ ist kein Datum: JJJJ-MM-TT schreiben"
            ) from None
    return date


def _write_tag(
    git: Git, tag: str, sha: str, message: str, *, author: str | None, date: dt.date
) -> None:
    """The annotated tag; the tagger is who records the decision: `author`, else the user."""
    person = signature(git, author)
    env = {
        "GIT_COMMITTER_NAME": person["GIT_AUTHOR_NAME"],
        "GIT_COMMITTER_EMAIL": person["GIT_AUTHOR_EMAIL"],
        "GIT_COMMITTER_DATE": git_date(date) or "",
    }
    args = ["tag", "-a", tag, "-F", "-", sha]
    result = git.call(*args, input=message.encode("utf-8"), env=env, check=False)
    if result.returncode != 0:
        raise_lock_error(git, result.stderr)
        said = result.stderr.decode("utf-8", "replace").strip()
        raise StoreError(f"Der Beschluss „{tag}“ konnte nicht angelegt werden: {meaning(said)}")


_SHA_LIKE = re.compile(r"[0-9a-fA-F]{4,64}")
_RESERVED = {"HEAD", "FETCH_HEAD", "ORIG_HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD", "@"}
_NAMESPACES = {"refs", "heads", "tags", "remotes"}
_PART_BYTES = 200  # file systems allow 255 bytes per name; git adds ".lock"


def check_release_name(git: Git, tag: str) -> None:
    """Refuse a release name git would misread or not accept as a tag.

    A tag named like a branch makes the branch name ambiguous (``main`` then means the
    tag to some commands); one named like a commit id (hex, 4 or more characters) would
    name the tag instead of the commit it abbreviates.

    Raises:
        ReleaseNameError: The name is one of these, or not a valid git reference name.
    """
    example = "z. B. „integrationskonzept/2020-07-09“"
    if not tag or tag.startswith("-") or not git.succeeds("check-ref-format", f"refs/tags/{tag}"):
        raise ReleaseNameError(
            f"„{tag}“ ist als Name eines Beschlusses nicht möglich (git erlaubt ihn nicht als "
            "Namen: keine Leerzeichen, kein „..“, „~“, „^“, „:“, „?“, „*“, „[“ oder „\\“; "
            f"{example})"
        )
    if any(len(part.encode()) > _PART_BYTES for part in tag.split("/")):
        # git keeps a tag as a file: a longer part fails as "cannot lock ref", in English
        raise ReleaseNameError(
            f"„{tag[:40]}…“ ist als Name eines Beschlusses zu lang: höchstens {_PART_BYTES} "
            f"Zeichen zwischen zwei „/“ (Umlaute zählen doppelt), {example}"
        )
    if tag.upper() in _RESERVED or tag.split("/", 1)[0] in _NAMESPACES:
        raise ReleaseNameError(
            f"„{tag}“ ist ein Name, den git selbst verwendet: einen anderen Namen wählen, {example}"
        )
    if _SHA_LIKE.fullmatch(tag):
        raise ReleaseNameError(
            f"„{tag}“ sieht aus wie eine Commit-Kennung (nur Hexadezimalziffern): git würde "
            f"Beschluss und Revision verwechseln; einen anderen Namen wählen, {example}"
        )
    taken = git.run("for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes")
    names = set()
    for ref in taken.split():
        kind, _, rest = ref.removeprefix("refs/").partition("/")
        names.add(rest)
        if kind == "remotes":
            names.add(rest.split("/", 1)[0])  # the remote's own name ('origin')
    if tag in names:
        raise ReleaseNameError(
            f"„{tag}“ ist schon der Name eines Zweigs oder einer Gegenstelle: git könnte beide "
            f"verwechseln; einen anderen Namen wählen, {example}"
        )


def parse_release(tag: str, sha: str, message: str) -> Release | None:
    """The release a tag's message records (None: the tag is no konzeptdoc release)."""
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


def list_releases(repository: HasGit) -> list[Release]:
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
            release = parse_release(tag, target, message)
            if release is not None:
                releases.append(release)
    return sorted(releases, key=lambda r: (r.date, r.tag))


def tags_by_commit(repository: HasGit) -> dict[str, list[str]]:
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
            raise UnknownRevisionError(
                f"Der Stichtag „{as_of}“ ist kein Datum: JJJJ-MM-TT schreiben, z. B. 2026-03-19"
            ) from None
    candidates = [
        r
        for r in list_releases(repository)
        if r.date <= as_of and (concept is None or r.concept in (None, concept))
    ]
    if not candidates:
        scope = f" des Konzepts „{concept}“" if concept else ""
        raise UnknownRevisionError(
            f"Bis zum {as_of:%d.%m.%Y} wurde keine Fassung{scope} beschlossen "
            "(„konzeptdoc releases“ listet alle auf)"
        )
    return candidates[-1]


def latest_release(repository: Repository, concept: str | None = None) -> Release | None:
    """The most recent release (for `concept`, if given), or None."""
    candidates = [
        r for r in list_releases(repository) if concept is None or r.concept in (None, concept)
    ]
    return candidates[-1] if candidates else None
