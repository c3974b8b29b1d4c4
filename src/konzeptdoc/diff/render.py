"""Renderings of a ConceptDiff: text for the terminal, Markdown, JSON (pure functions)."""

from __future__ import annotations

import json
from typing import Any

from konzeptdoc.diff import labels, mdsafe
from konzeptdoc.diff.records import Change, ConceptDiff, ParagraphDiff, TextDiff, ValueChange
from konzeptdoc.german.glossary import quoted

RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"
JSON_VERSION = 1


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
                    out.append(plain(elided(op.old)))
                if op.kind in ("delete", "replace") and op.old:
                    out.append(deleted(op.old))
                if op.kind in ("insert", "replace") and op.new:
                    out.append(inserted(op.new))
            lines.append("".join(out))
    return "\n".join(lines)


def elided(text: str, keep: int = 38) -> str:
    """Unchanged context of a changed paragraph, its middle left out ("…") at word
    boundaries: "Das … feld umfasst" cut a word readers then could not recognise."""
    if len(text) <= 2 * keep + 4:
        return text
    end, start = keep, len(text) - keep
    cut = text.rfind(" ", 1, end)
    head = text[:cut] if cut > 0 and text[end] != " " else text[:end].rstrip()
    cut = text.find(" ", start, len(text) - 1)
    tail = text[cut + 1 :] if cut != -1 and text[start - 1] != " " else text[start:].lstrip()
    return f"{head} … {tail}"


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


def to_text(diff: ConceptDiff, *, colour: bool = False) -> str:
    """For the terminal: summary, then each change by name with its changed keys and words."""
    lines = [
        f"Bisher: {labels.side(diff.old)}",
        f"Neu:    {labels.side(diff.new)}",
        f"Übersicht: {diff.summary()}",
        "",
    ]
    for change in diff.changes:
        lines.append(labels.headline(diff, change))
        for value in change.values:
            lines.extend("    " + line for line in _value_lines(diff, change, value, colour=colour))
    return "\n".join(lines).rstrip() + "\n"


def _value_lines(
    diff: ConceptDiff,
    change: Change,
    value: ValueChange,
    *,
    colour: bool = False,
    markdown: bool = False,
) -> list[str]:
    label = labels.key(change, value)
    if markdown:
        label = mdsafe.escape(label)
    if value.text is not None:
        inline = words_inline(value.text, colour=colour, markdown=markdown).split("\n")
        return [f"{label}: {inline[0]}", *inline[1:]]
    old, new = labels.value(diff, value.key, value.old), labels.value(diff, value.key, value.new)
    if markdown:
        old, new = mdsafe.escape(old), mdsafe.escape(new)
    return [f"{label}: {old} → {new}"]


def to_markdown(diff: ConceptDiff) -> str:
    """For a merge request or an e-mail: CommonMark, with the data escaped (`mdsafe`)."""
    esc = mdsafe.escape
    lines = [f"## Änderungen an {esc(quoted(diff.new.label))}", "", f"- **Bisher:** {esc(labels.side(diff.old))}",
             f"- **Neu:** {esc(labels.side(diff.new))}", "", f"**Übersicht:** {esc(diff.summary())}", ""]  # fmt: skip
    for change in diff.changes:
        lines.append(f"### {esc(labels.headline(diff, change))}")
        lines.append("")
        for value in change.values:
            for number, line in enumerate(_value_lines(diff, change, value, markdown=True)):
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
