"""German wording of values: dates, amounts and the labels of the format's enums.

Formatting is cached: a large concept repeats the same amounts and dates hundreds of times,
and babel's formatting is not free. Dates, whole euros and numbers are written here as
babel's German patterns write them (tests hold the two equal); babel, whose import and
locale data cost a first build 45 ms, is imported only for amounts with cents.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from konzeptdoc.german.glossary import ENUM_LABELS

if TYPE_CHECKING:
    from babel import Locale
    from babel.numbers import NumberPattern

#: German month names, as babel's "MMMM" writes them for de_DE.
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember")  # fmt: skip

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
    return "–" if value is None else f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


@lru_cache(maxsize=4096)
def short_date(value: dt.date | None) -> str:
    """ "14.07.2016"."""
    return "–" if value is None else f"{value.day:02d}.{value.month:02d}.{value.year}"


@lru_cache(maxsize=1)
def _number_formats() -> tuple[Locale, NumberPattern, NumberPattern]:
    # Parsed once: babel's format_decimal parses its pattern on every call (2/3 of its time).
    from babel import Locale
    from babel.numbers import parse_pattern

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
    """A number in German notation ("30,4"): babel's "#,##0.###" – at most three decimals,
    rounded half to even from the number as Python prints it, "." between thousands."""
    exact = Decimal(str(value))
    rounded = abs(exact).normalize().quantize(_THOUSANDTH)
    whole, _, fraction = f"{rounded:f}".partition(".")
    fraction = fraction.rstrip("0")
    text = f"{int(whole):,}".replace(",", ".") + (f",{fraction}" if fraction else "")
    return f"-{text}" if exact.is_signed() else text


_THOUSANDTH = Decimal("0.001")
