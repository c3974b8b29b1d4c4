"""Values as a reviewer reads them: German labels, year ranges, amounts, short lists.

A Synopse goes to councillors: "2021–2025", "15.000 € jährlich" and "geplant → umgesetzt"
read better than the data's own {"start": 2021, "end": 2025} and "planned → done".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from konzeptdoc.german.glossary import key_label, value_label

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Keys whose values are ids of other entities (a measure's goals and target groups, a
#: goal's parent, a contribution's field): shown by the entity's title.
REFERENCES = frozenset({"goals", "target_groups", "parent", "field", "fields"})


def shown(key: str, value: Any, titles: Mapping[str, str] | None = None) -> str:
    """`value` of `key` as text for a reviewer; "—" for nothing. `titles` (id → title)
    names the entities a reference key points to."""
    from konzeptdoc.german import formatting as german

    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, str):
        if titles is not None and key in REFERENCES and value in titles:
            return titles[value]
        if _ISO_DATE.match(value):
            return f"{value[8:10]}.{value[5:7]}.{value[:4]}"
        return value_label(key, value)
    if isinstance(value, int | float):
        return str(value) if key in ("year", "start", "end", "number") else german.number(value)
    if isinstance(value, list):
        return "; ".join(shown(key, item, titles) for item in value)
    if isinstance(value, dict):
        return _mapping(value)
    return str(value)


def _mapping(value: dict[str, Any]) -> str:
    from konzeptdoc.german import formatting as german

    if "year" in value and "value" in value and len(value) == 2:  # a point of a series
        return f"{value['year']}: {german.number(value['value'])}"
    if "amount_eur" in value or value.get("not_quantifiable"):  # a cost
        if value.get("amount_eur") is None:
            return "nicht bezifferbar"
        text = german.amount(value["amount_eur"])
        if value.get("per"):
            text += " " + german.label("per", value["per"])
        if value.get("funding"):
            text += f" ({value['funding']})"
        return text
    if {"start", "end", "ongoing"} & set(value) and set(value) <= {"start", "end", "ongoing"}:
        start, end = value.get("start"), value.get("end")
        if value.get("ongoing"):
            return f"laufend seit {start}" if start else "laufend"
        # As the documents write it (documents.concept_doc.timeframe): a start alone is "ab
        # 2027", an end alone "bis 2028" – not a year that reads as the whole timeframe.
        if start and end:
            return str(start) if start == end else f"{start}–{end}"
        return f"ab {start}" if start else f"bis {end}"
    if "label" in value and set(value) <= {"number", "label", "predecessor"}:  # a revision
        text = str(value["label"])
        return text + (f" (Vorgänger: {value['predecessor']})" if value.get("predecessor") else "")
    if "date" in value and "body" in value:  # a decision or reference
        parts = [shown("date", value["date"]), str(value["body"])]
        if value.get("number"):
            parts.append(f"Nr. {value['number']}")
        return " ".join(parts)
    return ", ".join(f"{key_label(k)}: {shown(k, v)}" for k, v in value.items())
