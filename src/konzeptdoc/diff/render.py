"""Renderings of a ConceptDiff: text for the terminal, Markdown, JSON (pure functions)."""

from __future__ import annotations

import json
from typing import Any

from konzeptdoc.diff import mdsafe
from konzeptdoc.diff.records import Change, ConceptDiff, ParagraphDiff, TextDiff, ValueChange
from konzeptdoc.diff.summary import VERBS, noun

RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"
JSON_VERSION = 1


def side_label(side: Any) -> str:
    parts = [side.label]
    if side.release:
        parts.append(side.release)
    if side.decision:
        parts.append(f"Nr. {side.decision}")
    if side.date:
        parts.append(side.date)
    return " · ".join(parts)


def headline(change: Change) -> str:
    title = change.title_new or change.title_old or change.entity_id
    text = f"{noun(change.entity_type)} {change.entity_id} „{title}“: {VERBS[change.kind]}"
    if change.kind == "renamed" and change.title_old != change.title_new:
        text += f" („{change.title_old}“ → „{change.title_new}“)"
    if change.kind == "moved":
        text += f" ({change.where_old} → {change.where_new})"
    return text


def words_inline(diff: TextDiff, *, colour: bool = False, markdown: bool = False) -> str:
    """A text diff on one line per paragraph: [-alt-]{+neu+}; in Markdown <del>/<ins>.

    In Markdown the data is escaped (`mdsafe`): no HTML, no markup, only safe links.
    """

    def plain(text: str) -> str:
        return mdsafe.with_links(text) if markdown else text

    def deleted(text: str) -> str:
        if markdown:
            return mdsafe.marked("del", plain(text))
        return f"{RED}[-{text}-]{RESET}" if colour else f"[-{text}-]"

    def inserted(text: str) -> str:
        if markdown:
            return mdsafe.marked("ins", plain(text))
        return f"{GREEN}{{+{text}+}}{RESET}" if colour else f"{{+{text}+}}"

    lines = []
    for paragraph in _deletions_first(diff.paragraphs):
        if paragraph.kind == "equal":
            continue
        if paragraph.kind == "delete":
            lines.append(deleted(paragraph.old))
        elif paragraph.kind == "insert":
            lines.append(inserted(paragraph.new))
        else:
            out = []
            for op in paragraph.words:
                if op.kind == "equal":
                    short = op.old if len(op.old) <= 80 else f"{op.old[:38]} … {op.old[-38:]}"
                    out.append(plain(short))
                if op.kind in ("delete", "replace") and op.old:
                    out.append(deleted(op.old))
                if op.kind in ("insert", "replace") and op.new:
                    out.append(inserted(op.new))
            lines.append("".join(out))
    return "\n".join(lines)


def _deletions_first(paragraphs: tuple[ParagraphDiff, ...]) -> list[ParagraphDiff]:
    """Within each stretch of whole-paragraph changes, what went before what came.

    The records keep the order their canonical computation gave (so a diff and its reverse
    mirror exactly); readers expect the old text first.
    """
    out: list[ParagraphDiff] = []
    stretch: list[ParagraphDiff] = []
    for paragraph in (*paragraphs, None):
        if paragraph is not None and paragraph.kind in ("insert", "delete"):
            stretch.append(paragraph)
            continue
        out += [p for p in stretch if p.kind == "delete"] + [
            p for p in stretch if p.kind == "insert"
        ]
        stretch = []
        if paragraph is not None:
            out.append(paragraph)
    return out


def shown_value(value: object, key: str = "") -> str:
    from konzeptdoc.german.values import shown

    return shown(key, value)


def to_text(diff: ConceptDiff, *, colour: bool = False) -> str:
    """For the terminal: summary, then each change with its path and word changes."""
    lines = [
        f"Bisher: {side_label(diff.old)}",
        f"Neu:    {side_label(diff.new)}",
        f"Änderungen: {diff.summary()}",
        "",
    ]
    for change in diff.changes:
        lines.append(f"{change.path}: {headline(change)}")
        for value in change.values:
            lines.extend("    " + line for line in _value_lines(value, colour=colour))
    return "\n".join(lines).rstrip() + "\n"


def _value_lines(value: ValueChange, *, colour: bool = False, markdown: bool = False) -> list[str]:
    key = mdsafe.escape(value.key) if markdown else value.key
    if value.text is not None:
        inline = words_inline(value.text, colour=colour, markdown=markdown).split("\n")
        return [f"{key}: {inline[0]}", *inline[1:]]
    old, new = shown_value(value.old, value.key), shown_value(value.new, value.key)
    if markdown:
        old, new = mdsafe.escape(old), mdsafe.escape(new)
    return [f"{key}: {old} → {new}"]


def to_markdown(diff: ConceptDiff) -> str:
    """For a merge request or an e-mail: CommonMark, with the data escaped (`mdsafe`)."""
    esc = mdsafe.escape
    lines = [f"## Änderungen an „{esc(diff.new.label)}“", "", f"- **Bisher:** {esc(side_label(diff.old))}",
             f"- **Neu:** {esc(side_label(diff.new))}", "", f"**Übersicht:** {esc(diff.summary())}", ""]  # fmt: skip
    for change in diff.changes:
        lines.append(f"### {esc(headline(change))}")
        lines.append(mdsafe.code(change.path))
        lines.append("")
        for value in change.values:
            for number, line in enumerate(_value_lines(value, markdown=True)):
                lines.append(f"- {line}" if number == 0 else f"  {line}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_json(diff: ConceptDiff) -> str:
    """The documented, stable JSON structure (``format`` names its version)."""

    def text(value: TextDiff | None) -> Any:
        if value is None:
            return None
        return [{"kind": p.kind, "old": p.old, "new": p.new,
                 "words": [{"kind": w.kind, "old": w.old, "new": w.new} for w in p.words]}
                for p in value.paragraphs]  # fmt: skip

    data = {
        "format": f"konzeptdoc-diff/{JSON_VERSION}",
        "concept": diff.concept_id,
        "old": vars(diff.old) if hasattr(diff.old, "__dict__") else _slots(diff.old),
        "new": vars(diff.new) if hasattr(diff.new, "__dict__") else _slots(diff.new),
        "summary": diff.summary(),
        "counts": [{"entity_type": t, "kind": k, "count": n} for (t, k), n in sorted(diff.counts().items())],
        "changes": [{
            "kind": c.kind, "entity_type": c.entity_type, "id": c.entity_id, "path": c.path,
            "title_old": c.title_old, "title_new": c.title_new, "where_old": c.where_old, "where_new": c.where_new,
            "values": [{"key": v.key, "old": v.old, "new": v.new, "text": text(v.text)} for v in c.values],
        } for c in diff.changes],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _slots(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__slots__}
