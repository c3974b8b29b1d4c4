"""A self-contained HTML diff: summary with links, a side-by-side view per change.

No network: styles and the tiny script are inline. Unchanged context is collapsible
(<details>), deletions and insertions are marked with <del> and <ins> (and colour).
"""

from __future__ import annotations

import re
from html import escape

from konzeptdoc.diff import labels
from konzeptdoc.diff.records import Change, ConceptDiff, Side, TextDiff, ValueChange
from konzeptdoc.german.glossary import count, quoted

_STYLE = """
body{font:15px/1.5 system-ui,Arial,sans-serif;margin:2rem auto;max-width:1200px;color:#1b1b1b;padding:0 1rem;overflow-wrap:anywhere;hyphens:auto}
h1{font-size:1.5rem;color:#1f3a5f}h2{font-size:1.1rem;margin-top:2rem;border-top:1px solid #ccd;padding-top:1rem}
.sides{color:#444}
table.sbs{width:100%;border-collapse:collapse;table-layout:fixed;margin:.5rem 0}
.sbs th{background:#d9e2f3;text-align:left;padding:.3rem .5rem}.sbs td{vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #eee}
.sbs td.key{width:12rem;color:#444;font-weight:600}
.sbs td>p:first-child,.sbs td>details:first-child>p:first-of-type{margin-top:0}.sbs td>p:last-child{margin-bottom:0}
del{background:#ffd7d5;color:#82071e;text-decoration:line-through}ins{background:#ccffd8;color:#055d20;text-decoration:underline}
.gone{color:#82071e;font-style:italic}.new{color:#055d20;font-style:italic}
details{color:#555}summary{cursor:pointer}ul.toc{columns:2}ul.toc li{break-inside:avoid}
"""


def _paragraphs(diff: TextDiff, side: str) -> str:
    out = []
    equal_run: list[str] = []

    def flush() -> None:
        if equal_run:
            text = "".join(f"<p>{escape(p)}</p>" for p in equal_run)
            summary = count(len(equal_run), "unchanged_paragraph")
            out.append(f"<details><summary>{summary}</summary>{text}</details>")
            equal_run.clear()

    for paragraph in diff.paragraphs:
        if paragraph.kind == "equal":
            equal_run.append(paragraph.old)
            continue
        flush()
        if paragraph.kind == "modified":
            parts = []
            for op in paragraph.words:
                if op.kind == "equal":
                    parts.append(escape(op.old))
                elif side == "old" and op.old:
                    parts.append(f"<del>{escape(op.old)}</del>")
                elif side == "new" and op.new:
                    parts.append(f"<ins>{escape(op.new)}</ins>")
            out.append(f"<p>{''.join(parts)}</p>")
        elif paragraph.kind == "delete" and side == "old":
            out.append(f"<p><del>{escape(paragraph.old)}</del></p>")
        elif paragraph.kind == "insert" and side == "new":
            out.append(f"<p><ins>{escape(paragraph.new)}</ins></p>")
    flush()
    return "".join(out)


_NOTHING = '<span class="gone">—</span>'


def _cells(diff: ConceptDiff, value: ValueChange) -> tuple[str, str]:
    if value.text is not None:  # a side without text (a new or gone one) shows "—"
        old_text, new_text = _paragraphs(value.text, "old"), _paragraphs(value.text, "new")
        return old_text or _NOTHING, new_text or _NOTHING
    old = (
        f"<del>{escape(labels.value(diff, value.key, value.old))}</del>"
        if value.old is not None
        else '<span class="gone">—</span>'
    )
    new = (
        f"<ins>{escape(labels.value(diff, value.key, value.new))}</ins>"
        if value.new is not None
        else '<span class="gone">—</span>'
    )
    return old, new


def _change(diff: ConceptDiff, number: int, change: Change) -> str:
    rows = []
    if change.kind == "added":
        rows.append(
            '<tr><td class="key">Eintrag</td><td class="new">neu</td>'
            f"<td><ins>{escape(labels.entity(diff, change))}</ins></td></tr>"
        )
    elif change.kind == "removed":
        rows.append(
            f'<tr><td class="key">Eintrag</td><td><del>{escape(labels.entity(diff, change))}</del></td>'
            '<td class="gone">entfällt</td></tr>'
        )
    for value in change.values:
        old, new = _cells(diff, value)
        key = escape(labels.key(change, value))
        rows.append(f'<tr><td class="key">{key}</td><td>{old}</td><td>{new}</td></tr>')
    table = (
        (
            '<table class="sbs"><thead><tr><th class="key">Angabe</th><th>Bisherige Fassung</th>'
            f"<th>Neue Fassung</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        if rows
        else ""
    )
    return f'<section id="c{number}"><h2>{_isolated(labels.headline(diff, change))}</h2>{table}</section>'


def _isolated(text: str) -> str:
    """`text` escaped, each quoted name („…“) and a side's title in a <bdi>: an Arabic title
    must not pull the colon, date or number after it into its right-to-left run."""
    return re.sub(r"„([^“<]*)“", r"„<bdi>\1</bdi>“", escape(text))


def _side(revision: Side) -> str:
    text = labels.side(revision)
    return f"<bdi>{escape(revision.label)}</bdi>{escape(text[len(revision.label) :])}"


def to_html(diff: ConceptDiff) -> str:
    """One self-contained HTML page for the diff."""
    toc = "".join(
        f'<li><a href="#c{n}">{_isolated(labels.headline(diff, c))}</a></li>'
        for n, c in enumerate(diff.changes, 1)
    )
    body = "".join(_change(diff, n, c) for n, c in enumerate(diff.changes, 1))
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Änderungen: {escape(diff.new.label)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head><body>'
        f"<h1>Änderungen an {_isolated(quoted(diff.new.label))}</h1>"
        f'<p class="sides">Bisherige Fassung: {_side(diff.old)}<br>Neue Fassung: {_side(diff.new)}</p>'
        f'<p id="summary"><strong>Übersicht:</strong> {escape(diff.summary())}</p>'
        f'<ul class="toc">{toc}</ul>{body}</body></html>\n'
    )
