"""Gathering a Sachstandsbericht from a concept's history.

"At the decision" is the concept at a release (by default the latest decided by the report's
date); "now" is the last revision on or before that date. Since when a measure has its
current status comes from one pass over the commits between the two: per changed field
file the digests of its items (cached by blob, see `store.items.ItemCache`) tell which
measures changed; only those items are read, for their status. The statuses at the decision
come from the base's field texts, not from parsing the base concept (a second parse of a
large concept would double the cost). Nothing is checked out and no entity's history is
walked on its own: 1,200 measures cost one log.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from konzeptdoc.documents.charts import MAX_YEARS, Chart
from konzeptdoc.documents.concept_doc import timeframe
from konzeptdoc.documents.report_doc import ReportField, ReportMeasure, StatusReport
from konzeptdoc.errors import ReportPeriodError, UnknownRevisionError
from konzeptdoc.files.paths import CONCEPTS_DIR, FIELDS_DIR
from konzeptdoc.german import formatting as german
from konzeptdoc.model import Concept, Indicator, Measure
from konzeptdoc.store.history import raw_log
from konzeptdoc.store.textscan import all_items, item_data

if TYPE_CHECKING:
    from konzeptdoc.store import Release, Repository, Revision


def _date(value: dt.date | str, option: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ReportPeriodError(f"{option} „{value}“ ist kein Datum (JJJJ-MM-TT).") from None


def _now(repository: Repository, concept_id: str, as_of: dt.date | None) -> Revision:
    """The last revision of the concept on or before `as_of` (default: the newest)."""
    revisions = repository.log(concept_id)
    if not revisions:
        raise ReportPeriodError(
            f"Zum Konzept „{concept_id}“ gibt es in diesem Repository keine Revision: die "
            "Kennung prüfen („konzeptdoc log“ zeigt die Revisionen)."
        )
    if as_of is None:
        return revisions[0]
    for revision in revisions:  # newest first
        if revision.date.date() <= as_of:
            return revision
    raise ReportPeriodError(
        f"Am {german.date(as_of)} gab es das Konzept „{concept_id}“ noch nicht "
        f"(erste Revision vom {german.date(revisions[-1].date.date())})."
    )


def _base(
    repository: Repository, concept_id: str, since: str | None, as_of: dt.date
) -> tuple[str, str, dt.date, bool]:
    """(sha, words, date, is a release) of what the report compares with."""
    releases = [r for r in repository.releases() if r.concept in (None, concept_id)]
    if since is None:
        decided = [r for r in releases if r.date <= as_of]
        if not decided:
            raise ReportPeriodError(
                f"Für das Konzept „{concept_id}“ ist bis zum {german.date(as_of)} kein Beschluss "
                "verzeichnet: mit --since die Revision angeben, mit der verglichen wird "
                "(„konzeptdoc releases“ listet die Beschlüsse)."
            )
        return repository.resolve(decided[-1].tag), _words(decided[-1]), decided[-1].date, True
    try:
        sha = repository.resolve(since)
    except UnknownRevisionError:
        names = ", ".join(r.tag for r in releases) or "keine"
        raise ReportPeriodError(
            f"--since „{since}“ nennt weder einen Beschluss noch eine Revision "
            f"(Beschlüsse zu diesem Konzept: {names})."
        ) from None
    release = next((r for r in releases if r.tag == since), None) or next(
        (r for r in reversed(releases) if r.sha == sha), None
    )
    revision = repository.revision(sha)
    when = release.date if release is not None else revision.date.date()
    if revision.date.date() > as_of or when > as_of:
        raise ReportPeriodError(
            f"--since „{since}“ liegt nach dem Berichtsstand {german.date(as_of)} "
            f"({german.date(max(when, revision.date.date()))}): Der Vergleich muss vor dem "
            "Berichtsstand liegen."
        )
    if release is not None:
        return sha, _words(release), release.date, True
    return sha, f"Revision vom {german.date(when)}", when, False


def _words(release: Release) -> str:
    number = f", Nr. {release.number}" if release.number else ""
    return f"{release.body}, Beschluss vom {german.date(release.date)}{number}"


# A status line at the item's own key indentation (deeper lines belong to texts).
_STATUS = re.compile(r"^( *)status:[ \t]*['\"]?([a-z_]+)['\"]?[ \t]*(?:#.*)?$", re.M)


def _status_of(item: str) -> str:
    """A measure item's status, read from its text (parsing 1,200 items costs ~0.5 s)."""
    first = item.partition("\n")[0]
    if first.lstrip(" ").startswith("- {"):  # a one-line flow mapping: parse it
        data = item_data(item) or {}
        return str(data.get("status", "planned"))
    indent = len(first) - len(first.lstrip(" ")) + 2
    for match in _STATUS.finditer(item):
        if len(match.group(1)) == indent:
            return match.group(2)
    return "planned"


def _is_measure(item: str) -> bool:
    first = item.partition("\n")[0]
    indent = " " * (len(first) - len(first.lstrip(" ")) + 2)
    return f"\n{indent}goals:" in item or "goals:" in first


def _fields_at(repository: Repository, concept_id: str, sha: str) -> dict[str, dict[str, str]]:
    """field id → {item id: digest} of the field files at `sha`."""
    read = repository.item_cache
    return {
        name: read(blob).digests for name, blob in _base_blobs(repository, concept_id, sha).items()
    }


def _status_dates(
    repository: Repository,
    concept_id: str,
    span: tuple[str, str],
    base: dict[str, dict[str, str]],
    then: dict[str, str],
    revisions: list[tuple[dt.date, str, str]],
) -> dict[str, dt.date]:
    """measure id → date of the revision in `span` (base, head] that gave it its status.

    Appends (date, author, subject) of every revision in the span to `revisions`.
    """
    read = repository.item_cache
    digests = dict(base)
    status = dict(then)
    changed: dict[str, dt.date] = {}
    for commit in raw_log(repository, f"{span[0]}..{span[1]}", f"{CONCEPTS_DIR}/{concept_id}/"):
        revision = commit.revision
        revisions.append((revision.date.date(), revision.author, revision.subject))
        for path, written in sorted(commit.changes.items()):
            parts = path.split("/")
            if len(parts) < 2 or parts[-2] != FIELDS_DIR:
                continue
            name = parts[-1].removesuffix(".yaml")
            if written is None:
                digests.pop(name, None)
                continue
            new = read(written).digests
            old = digests.get(name, {})
            for entity_id, digest in new.items():
                if old.get(entity_id) == digest:
                    continue
                item = read.item(digest)
                if not _is_measure(item):  # goals and indicators
                    continue
                value = _status_of(item)
                if status.get(entity_id) != value:
                    status[entity_id] = value
                    changed[entity_id] = commit.revision.date.date()
            digests[name] = new
    return changed


def _chart(indicator: Indicator) -> Chart | None:
    points = sorted((p.year, float(p.value)) for p in indicator.series)
    if not points:
        return None
    points = [p for p in points if p[0] < points[0][0] + MAX_YEARS]
    # "B1 – Anteil …", as the concept document names it
    title = f"{indicator.code} – {indicator.name}" if indicator.code else indicator.name
    target = indicator.target
    number = float(target) if isinstance(target, int | float) else None
    words = target if isinstance(target, str) else None
    return Chart(title, indicator.unit, tuple(points), number, words)


def _line(measure: Measure, then: str | None, since: dt.date | None) -> ReportMeasure:
    frame = measure.timeframe
    end = None if frame is None or frame.ongoing else frame.end
    return ReportMeasure(
        measure.id,
        measure.title,
        measure.lead,
        then,
        measure.status,
        measure.status_date or since,
        measure.status_note,
        timeframe(measure),
        end,
    )


def status_report(
    repository: Repository,
    concept_id: str,
    *,
    since: str | None = None,
    as_of: dt.date | str | None = None,
) -> StatusReport:
    """The Sachstandsbericht of a concept: now (the last revision by `as_of`) against a release.

    Args:
        since: A release tag or any revision to compare with; default: the latest release
            of the concept decided by `as_of`.
        as_of: The report's date; default: the date of the concept's newest revision.

    Raises:
        ReportPeriodError: No release to compare with, `since` names nothing, or it lies
            after `as_of`.
        UnknownConceptError: No such concept.
    """
    wanted = _date(as_of, "--as-of") if as_of is not None else None
    now_revision = _now(repository, concept_id, wanted)
    report_date = wanted or now_revision.date.date()
    base, words, base_date, decided = _base(repository, concept_id, since, report_date)
    new = repository.load(concept_id, now_revision.sha)
    at_base = _fields_at(repository, concept_id, base)
    then, gone = _then(repository, concept_id, base, new)
    revisions: list[tuple[dt.date, str, str]] = []
    span = (base, now_revision.sha)
    since_dates = _status_dates(repository, concept_id, span, at_base, then, revisions)
    return StatusReport(
        concept_id,
        new.title,
        new.kind,
        new.municipality,
        new.lead,
        report_date,
        now_revision.date,
        words,
        base_date,
        decided,
        tuple(_fields(new, then, since_dates, gone)),
        tuple(revisions),
    )


def _then(
    repository: Repository, concept_id: str, base: str, new: Concept
) -> tuple[dict[str, str], dict[str, tuple[str, list[ReportMeasure]]]]:
    """Statuses at the base, and the measures gone since (per field: its title, the lines).

    Read from the base's field files as text (one scan per file); the base concept is parsed
    whole only where the text cannot tell (an item whose id is not its first key, a field
    removed since).
    """
    read = repository.item_cache
    present = {m.id for f in new.fields for m in f.measures}
    then: dict[str, str] = {}
    removed: dict[str, list[str]] = {}
    texts = []
    for field_id, blob in _base_blobs(repository, concept_id, base).items():
        text = read.text(blob)
        texts.append(text)
        for entity_id, item in all_items(text).items():
            if entity_id in present:
                then[entity_id] = _status_of(item)
            elif _is_measure(item):
                removed.setdefault(field_id, []).append(item)
    missing = present - then.keys()  # new since the base – or written with id not first
    unclear = any(entity_id in text for entity_id in missing for text in texts)
    if not unclear and not removed.keys() - {f.id for f in new.fields}:
        gone: dict[str, tuple[str, list[ReportMeasure]]] = {}
        for field_id, items in removed.items():
            measures = [_parsed_measure(item_data(item) or {}) for item in items]
            gone[field_id] = ("", [_removed(m) for m in measures if m is not None])
        return then, gone
    old = repository.load(concept_id, base)  # the text cannot tell: read the base whole
    then = {m.id: m.status for f in old.fields for m in f.measures}
    gone = {}
    for field in old.fields:
        lines = [_removed(m) for m in field.measures if m.id not in present]
        if lines:
            gone[field.id] = (field.title, lines)
    return then, gone


def _base_blobs(repository: Repository, concept_id: str, sha: str) -> dict[str, str]:
    """field id → blob of its file at `sha`."""
    listing = repository.git.ls_tree(sha, f"{CONCEPTS_DIR}/{concept_id}/")
    return {
        path.split("/")[-1].removesuffix(".yaml"): blob
        for path, blob in listing.items()
        if path.startswith(f"{FIELDS_DIR}/") and path.endswith(".yaml")
    }


def _parsed_measure(data: dict[str, object]) -> Measure | None:
    try:
        return Measure.from_data(data)
    except ValueError:
        return None  # a removed item that was never valid: nothing to report


def _removed(measure: Measure) -> ReportMeasure:
    return replace(_line(measure, measure.status, None), status_now=None, since=None)


def _fields(
    new: Concept,
    then: dict[str, str],
    since: dict[str, dt.date],
    gone: dict[str, tuple[str, list[ReportMeasure]]],
) -> list[ReportField]:
    fields = []
    for field in new.fields:
        lines = [_line(m, then.get(m.id), since.get(m.id)) for m in field.measures]
        charts = tuple(c for c in map(_chart, field.indicators) if c is not None)
        removed = gone.pop(field.id, ("", []))[1]
        fields.append(ReportField(field.id, field.title, (*lines, *removed), charts))
    for field_id, (title, lines) in gone.items():  # a field removed since the decision
        fields.append(ReportField(field_id, title or field_id, tuple(lines)))
    return fields
