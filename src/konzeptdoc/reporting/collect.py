"""Gathering a Sachstandsbericht from a concept's history.

"At the decision" is the concept at a release (by default the latest decided by the report's
date); "now" is the last revision on or before that date. Since when a measure has its
current status comes from one pass over the commits between the two: per changed field
file the digests of its items (cached by blob, see `store.history.ItemCache`) tell which
measures changed; only those items are parsed, to read their status. Nothing is checked
out and no entity's history is walked on its own: 1,200 measures cost one log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from konzeptdoc.documents.charts import MAX_YEARS, Chart
from konzeptdoc.documents.concept_doc import timeframe
from konzeptdoc.documents.report_doc import ReportField, ReportMeasure, StatusReport
from konzeptdoc.errors import ReportPeriodError, UnknownRevisionError
from konzeptdoc.files.layout import CONCEPTS_DIR, FIELDS_DIR
from konzeptdoc.german import formatting as german
from konzeptdoc.model import Concept, Indicator, Measure
from konzeptdoc.store.history import raw_log
from konzeptdoc.store.textscan import item_data

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
        raise ReportPeriodError(f"Das Konzept „{concept_id}“ hat noch keine Revision.")
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
                "verzeichnet: Geben Sie mit --since eine Revision an, mit der verglichen wird "
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


def _status_dates(
    repository: Repository, concept_id: str, base: str, head: str, then: dict[str, str]
) -> dict[str, dt.date]:
    """measure id → date of the revision after `base` that gave it its status at `head`."""
    read = repository.item_cache
    folder = f"{CONCEPTS_DIR}/{concept_id}/"
    digests: dict[str, dict[str, str]] = {}
    for path, blob in repository.git.ls_tree(base, folder).items():
        if path.startswith(f"{FIELDS_DIR}/"):
            digests[path.split("/")[-1]] = read(blob).digests
    status = dict(then)
    changed: dict[str, dt.date] = {}
    for commit in raw_log(repository, f"{base}..{head}", folder):
        for path, written in sorted(commit.changes.items()):
            parts = path.split("/")
            if len(parts) < 2 or parts[-2] != FIELDS_DIR:
                continue
            name = parts[-1]
            if written is None:
                digests.pop(name, None)
                continue
            new = read(written).digests
            old = digests.get(name, {})
            for entity_id, digest in new.items():
                if old.get(entity_id) == digest:
                    continue
                data = item_data(read.item(digest))
                if not data or "goals" not in data:  # not a measure (goals, indicators)
                    continue
                value = str(data.get("status", "planned"))
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
    title = f"{indicator.code} {indicator.name}" if indicator.code else indicator.name
    target = indicator.target
    number = float(target) if isinstance(target, int | float) else None
    words = target if isinstance(target, str) else None
    return Chart(title, indicator.unit, tuple(points), number, words)


def _line(measure: Measure, then: str | None, since: dt.date | None) -> ReportMeasure:
    frame = measure.timeframe
    end = None if frame is None or frame.ongoing else frame.end
    return ReportMeasure(
        measure.id, measure.title, measure.lead, then, measure.status,
        measure.status_date or since, measure.status_note, timeframe(measure), end,
    )  # fmt: skip


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
    old = repository.load(concept_id, base)
    new = repository.load(concept_id, now_revision.sha)
    then: dict[str, str] = {m.id: m.status for f in old.fields for m in f.measures}
    since_dates = _status_dates(repository, concept_id, base, now_revision.sha, then)
    return StatusReport(
        concept_id, new.title, new.kind, new.municipality, new.lead, report_date,
        now_revision.date, words, base_date, decided, tuple(_fields(old, new, then, since_dates)),
    )  # fmt: skip


def _fields(
    old: Concept, new: Concept, then: dict[str, str], since: dict[str, dt.date]
) -> list[ReportField]:
    present = {m.id for f in new.fields for m in f.measures}
    gone: dict[str, list[ReportMeasure]] = {}
    old_titles = {f.id: f.title for f in old.fields}
    for field in old.fields:
        for measure in field.measures:
            if measure.id not in present:
                line = replace(_line(measure, measure.status, None), status_now=None, since=None)
                gone.setdefault(field.id, []).append(line)
    fields = []
    for field in new.fields:
        lines = [_line(m, then.get(m.id), since.get(m.id)) for m in field.measures]
        charts = tuple(c for c in map(_chart, field.indicators) if c is not None)
        fields.append(ReportField(field.id, field.title, (*lines, *gone.pop(field.id, [])), charts))
    for field_id, lines in gone.items():  # a field removed since the decision
        fields.append(ReportField(field_id, old_titles[field_id], tuple(lines)))
    return fields
