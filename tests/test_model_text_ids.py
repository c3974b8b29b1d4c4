"""The text parser and id derivation."""

from __future__ import annotations

import pytest

from konzeptdoc.model.ids import slugify, unique
from konzeptdoc.model.text import ListBlock, Paragraph, Run, parse, plain_text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("AT&T <b> &amp; \"x\" 'y'", "AT&T <b> &amp; \"x\" 'y'"),
        ("# keine Überschrift", "# keine Überschrift"),
        ("> kein Zitat", "> kein Zitat"),
        ("`kein Code`", "`kein Code`"),
        ("Çağrı Öztürk, محمد, 🎉", "Çağrı Öztürk, محمد, 🎉"),
        ("eins\nzwei", "eins zwei"),
    ],
    ids=["xml-characters", "heading", "quote", "code", "unicode", "softbreak"],
)
def test_text_outside_the_subset_stays_literal(source: str, expected: str) -> None:
    assert plain_text(source) == expected


def test_formatting_and_lists() -> None:
    blocks = parse(
        "Ein **fetter** und *kursiver* [Link](https://wiesbaden.de).\n\n- a\n- b\n\n3. c"
    )
    assert blocks[0] == Paragraph(
        (
            Run("Ein "),
            Run("fetter", bold=True),
            Run(" und "),
            Run("kursiver", italic=True),
            Run(" "),
            Run("Link", link="https://wiesbaden.de"),
            Run("."),
        )
    )
    assert isinstance(blocks[1], ListBlock) and not blocks[1].ordered and len(blocks[1].items) == 2
    assert isinstance(blocks[2], ListBlock) and blocks[2].ordered and blocks[2].start == 3


def test_long_paragraph() -> None:
    text = "Wort " * 2000
    assert plain_text(text) == text.strip()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Bildung & Sprache", "bildung-sprache"),
        ("Vielfalt – Kultur – Religion", "vielfalt-kultur-religion"),
        ("Gesundheit + psychosoziale Versorgung", "gesundheit-psychosoziale-versorgung"),
        ("Größe Übung Ärger Öl ß", "groesse-uebung-aerger-oel-ss"),
        ("Çağrı Öztürk", "cagri-oeztuerk"),
        ("2016", "x-2016"),
        ("🎉", "x"),
        ("a" * 80, "a" * 64),
    ],
)
def test_slugify(title: str, expected: str) -> None:
    assert slugify(title) == expected


def test_unique_ids_stay_short() -> None:
    taken = {"a" * 64}
    assert unique("a" * 64, taken) == "a" * 62 + "-2"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from konzeptdoc.model import text as text_module  # noqa: E402

prose = st.lists(
    st.sampled_from(
        [*"aäßZ &„“\"'.,:;()-+#=>0123456789 \n", "  \n", "\n\n", "1. ", "- ", "\u00a0", "\u2003"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(source=prose)
def test_plain_fast_path_equals_markdown_it(source: str) -> None:
    tokens = text_module._parser().parse(source)
    expected, _ = text_module._blocks(tokens, 0, closing=None)
    text_module.parse.cache_clear()
    assert text_module.parse(source) == tuple(expected)


one_line = st.lists(
    st.sampled_from(
        [
            *"aäßZ &„“\"'.,:;()-+#=>0123456789 ",
            "\u00a0",
            "\u3000",
            "\x1f",
            "  ",
            "1. ",
            "- ",
            "* ",
            "1) ",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(source=one_line)
def test_one_line_fast_path_equals_markdown_it(source: str) -> None:
    tokens = text_module._parser().parse(source)
    expected, _ = text_module._blocks(tokens, 0, closing=None)
    text_module.parse.cache_clear()
    assert text_module.parse(source) == tuple(expected)


paragraphs_prose = st.lists(
    st.sampled_from(
        [
            *"aäZ &.,-#1 ",
            "\n",
            "\n\n",
            "\n \n",
            "\n    \n",
            "  \n",
            "\n\n  ",
            "\n\n    a",
            "1. ",
            "- ",
            "\u00a0",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(source=paragraphs_prose)
def test_paragraphs_fast_path_equals_markdown_it(source: str) -> None:
    """Blank lines between paragraphs: single ones split on the fast path, the others
    (at the edges, several in a row, before an indented line) as markdown-it reads them."""
    tokens = text_module._parser().parse(source)
    expected, _ = text_module._blocks(tokens, 0, closing=None)
    text_module.parse.cache_clear()
    assert text_module.parse(source) == tuple(expected)
