"""Text values: the Markdown subset of the format, parsed into blocks and inline runs.

One parser (markdown-it-py, CommonMark) serves every later layer, so Word output and the
diff agree on what a text says. The subset is paragraphs, bullet and numbered lists,
**bold**, *italic* and links. Everything else CommonMark knows (headings, code, quotes,
HTML, images, entities) is switched off, so such source stays literal text: a "# 1" or an
"&amp;" in the data appears in the document exactly as written.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of inline text with one formatting.

    ``text == "\\n"`` is a hard line break.
    """

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: a sequence of runs."""

    runs: tuple[Run, ...]

    @property
    def plain(self) -> str:
        """The paragraph's text without formatting."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list; its blocks may include nested lists."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet list (``ordered=False``) or numbered list starting at `start`."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


Block = Union[Paragraph, ListBlock]  # noqa: UP007 - a runtime alias used before 3.12's `type`

_DISABLED = [
    "code",
    "fence",
    "blockquote",
    "hr",
    "heading",
    "lheading",
    "html_block",
    "reference",
    "html_inline",
    "entity",
    "backticks",
    "image",
]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).disable(_DISABLED)


@lru_cache(maxsize=4096)
def parse(source: str) -> tuple[Block, ...]:
    """Parse a text value into blocks.

    Cached because renderers and the diff parse the same texts again.

    >>> [(run.text, run.bold) for run in parse("Sprache **und** Bildung")[0].runs]
    [('Sprache ', False), ('und', True), (' Bildung', False)]
    """
    if _INLINE.search(source) is None and _BLOCK_START.match(source) is None:
        if "\n" not in source:  # one line: the multi-line patterns need not run
            text = source.strip(" ")
            return (Paragraph((Run(text),)),) if text else ()
        if (
            _LINE_START.search(source) is None
            and _BLANK_AT_START.match(source) is None
            and _BLANKS.search(source) is None
        ):
            return _plain_paragraphs(source)
    # markdown-it makes a few objects per marker, all alive until the blocks are built:
    # the collector's passes over them made a long text's parse superlinear (a paragraph
    # of 1 MB with emphasis: 4.1 s to compare two versions, 2.1 s with the collector paused).
    enabled = gc.isenabled()
    gc.disable()
    try:
        tokens = _parser().parse(source)
        blocks, _ = _blocks(tokens, 0, closing=None)
    finally:
        if enabled:
            gc.enable()
    return tuple(blocks)


# Text with none of the subset's syntax is most prose; it is split into paragraphs directly,
# giving exactly what markdown-it gives (a property test holds the two together) in a tenth
# of the time.
# Markdown syntax, and whitespace other than space and newline (markdown-it trims it at a
# paragraph's edges as Python's str.strip does): such text takes the parser's path.
_SYNTAX = (
    r"[*_\[\]\\`<>!\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
# Block syntax – a list marker, a heading's, a quote's, a setext underline – at a line's
# start takes the parser's path. So do blank lines other than single ones between
# paragraphs: at the text's start or end, two or more in a row, or one followed by an
# indented line (it would continue a list item). Each pattern starts with a character
# class or a literal: the regex engine skips ahead to candidates instead of trying the
# pattern at every position of the text.
_INLINE = re.compile(_SYNTAX)
_BLOCK = r"\s*(?:[-+*#>=]|\d{1,9}[.)])"
_BLOCK_START = re.compile(_BLOCK)  # matched at the text's start
_LINE_START = re.compile(r"\n" + _BLOCK)
_BLANK_AT_START = re.compile(r" *\n")  # matched at the text's start
_BLANKS = re.compile(r"\n *(?:\Z|\n(?: *(?:\n|\Z)|\s))")


def _plain_paragraphs(source: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ ]*\n", source.strip("\n")):
        lines = chunk.split("\n")
        runs: list[Run] = []
        for number, line in enumerate(lines):
            last = number == len(lines) - 1
            text = line.strip(" ")
            if text:
                runs.append(Run(text))
            if not last:
                runs.append(Run("\n") if line.endswith("  ") else Run(" "))
        if runs:
            blocks.append(Paragraph(tuple(runs)))
    return tuple(blocks)


def _blocks(tokens: list[Token], index: int, closing: str | None) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        if token.type == closing:
            return blocks, index + 1
        if token.type == "inline":
            blocks.append(Paragraph(tuple(_runs(token.children or []))))
            index += 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            start = int(token.attrGet("start") or 1) if ordered else 1
            end_type = token.type.replace("_open", "_close")
            items: list[ListItem] = []
            index += 1
            while tokens[index].type != end_type:
                item_blocks, index = _blocks(tokens, index + 1, closing="list_item_close")
                items.append(ListItem(tuple(item_blocks)))
            blocks.append(ListBlock(ordered, tuple(items), start))
            index += 1
        else:  # paragraph_open/close carry no content of their own
            index += 1
    return blocks, index


def _runs(children: list[Token]) -> Iterator[Run]:
    bold = italic = 0
    link: str | None = None
    for child in children:
        kind = child.type
        if kind == "text":
            if child.content:
                yield Run(child.content, bold > 0, italic > 0, link)
        elif kind == "softbreak":
            yield Run(" ", bold > 0, italic > 0, link)
        elif kind == "hardbreak":
            yield Run("\n", bold > 0, italic > 0, link)
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link = str(child.attrGet("href") or "")
        elif kind == "link_close":
            link = None
        elif child.content:  # anything else the subset keeps as literal text
            yield Run(child.content, bold > 0, italic > 0, link)


def paragraphs(blocks: tuple[Block, ...]) -> Iterator[Paragraph]:
    """Every paragraph of `blocks` in reading order, list items included."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for item in block.items:
                yield from paragraphs(item.blocks)


def plain_text(source: str) -> str:
    """The text a reader sees: paragraphs joined by blank lines, formatting dropped."""
    return "\n\n".join(p.plain for p in paragraphs(parse(source)))
