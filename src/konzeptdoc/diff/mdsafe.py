"""Data as Markdown text: nothing in a concept becomes markup in a reviewer's renderer.

Concept texts are written by many hands and reach merge requests and e-mails through the
Markdown diff. Every character CommonMark could read as markup is escaped (HTML as entities,
punctuation with a backslash), so raw HTML, images and ``javascript:`` links in the data
show as the text they are. Links of the data survive only as http, https or mailto links.
"""

from __future__ import annotations

import re

# Punctuation that makes markup anywhere in a line (emphasis, code, links, GFM strikethrough
# and tables); "(", ")" and "!" only matter next to an escaped "[" or "]".
_INLINE = re.compile(r"([\\`*_\[\]~|])")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# At a line's start these begin a block: heading, list, rule, setext underline, numbered list.
_BLOCK_START = re.compile(r"^(\s*)(?:([#+\-=])|(\d{1,9})([.)]))")
_LINK = re.compile(
    r"\[([^\[\]\n]{1,500})\]\(([^()\s]{1,2000})\)|<([a-zA-Z][\w+.-]{1,31}:[^<>\s]{1,2000})>"
)
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def escape(text: str) -> str:
    """`text` so that CommonMark shows it as written, with no markup of its own."""
    escaped = _INLINE.sub(r"\\\1", text.translate(_HTML))
    escaped = _BLOCK_START.sub(_escape_block_start, escaped)
    return escaped.replace("\n", " ")  # a line break in data must not start a block


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


def with_links(text: str) -> str:
    """`escape`, but the data's own links to http, https and mailto addresses stay links."""
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        label, target, bare = match.group(1), match.group(2), match.group(3)
        url = target or bare
        if not url.lower().startswith(ALLOWED_SCHEMES):
            continue  # written out as plain, escaped text below
        out.append(escape(text[position : match.start()]))
        url = url.replace("<", "%3C").replace(">", "%3E")
        out.append(f"[{escape(label or url)}](<{url}>)")
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def code(text: str) -> str:
    """`text` as a code span, fenced by more backticks than it contains in a row."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"  # a code span shows its content literally


def marked(tag: str, text: str) -> str:
    """`text` (already escaped) inside <del> or <ins>, with its outer spaces left outside.

    HTML tags mark a change whatever text they enclose; CommonMark's ``**`` fails when the
    text starts or ends with a space or punctuation, and ``~~`` is not CommonMark at all.
    """
    stripped = text.strip(" ")
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    return f"{lead}<{tag}>{stripped}</{tag}>{trail}"
