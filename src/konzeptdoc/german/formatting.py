"""German wording of values: dates, amounts and the labels of the format's enums.

Formatting is cached: a large concept repeats the same amounts and dates hundreds of times,
and babel's formatting is not free.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, format_decimal, parse_pattern

from konzeptdoc.german.glossary import ENUM_LABELS

#: The enum tables, kept under their old name for callers of `label`.
LABELS = ENUM_LABELS


def label(kind: str, value: str | None) -> str:
    """The German label of an enum value ("in_progress" → "in Umsetzung")."""
    if value is None:
        return "–"
    return LABELS[kind].get(value, value)


@lru_cache(maxsize=4096)
def date(value: dt.date | None) -> str:
    """ "14. Juli 2016"."""
    return "–" if value is None else format_date(value, "d. MMMM y", locale="de_DE")


@lru_cache(maxsize=4096)
def short_date(value: dt.date | None) -> str:
    """ "14.07.2016"."""
    return "–" if value is None else format_date(value, "dd.MM.y", locale="de_DE")


@lru_cache(maxsize=1)
def _number_formats() -> tuple[Locale, NumberPattern, NumberPattern]:
    # Parsed once: babel's format_decimal parses its pattern on every call (2/3 of its time).
    return Locale.parse("de_DE"), parse_pattern("#,##0"), parse_pattern("#,##0.00")


@lru_cache(maxsize=4096)
def amount(value: float | None) -> str:
    """ "12.000 €" (cents only where there are any), a no-break space before the sign: the
    amount and its unit never part at a line end (DIN 5008).

    >>> amount(12000), amount(1234.5)
    ('12.000\xa0€', '1.234,50\xa0€')
    """
    if value is None:
        return "–"
    if (value > 0 or type(value) is int) and 0 <= value < 2**53 and float(value).is_integer():
        # Whole euros, written as babel's "#,##0" writes them (held equal by a test) in a
        # tenth of its time: a large concept formats a thousand amounts per document.
        return f"{int(value):,}".replace(",", ".") + "\u00a0€"
    locale, whole, cents = _number_formats()
    pattern = whole if float(value).is_integer() else cents
    return f"{pattern.apply(value, locale)}\u00a0€"


@lru_cache(maxsize=4096)
def number(value: float) -> str:
    """A number in German notation ("30,4")."""
    return str(format_decimal(value, locale="de_DE"))
