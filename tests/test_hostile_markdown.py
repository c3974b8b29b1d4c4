"""The Markdown diff, rendered as reviewers' tools render it (CommonMark via markdown-it-py):
data never becomes HTML or a dangerous link, and every change is marked visibly."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

import konzeptdoc
from konzeptdoc.diff import diff
from konzeptdoc.diff.render import to_markdown
from tests.conftest import write_repo

HOSTILE = (
    '<script>alert(1)</script> <img src=x onerror="alert(2)"> '
    "[klick](javascript:alert(3)) <javascript:alert(4)> ![bild](http://evil.example/t.png) "
    "[Amt](https://www.wiesbaden.de/amt) <mailto:amt@example.org> **fett** ~~weg~~ `code` "
    "&lt;schon&gt; a_b_c 1. Punkt | Spalte | \\ Ende"
)


def _render(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def _concepts(tmp_path: Path, old_text: str, new_text: str) -> konzeptdoc.ConceptDiff:
    folder = write_repo(tmp_path)
    old = konzeptdoc.load_concept(folder)
    new = old.model_copy(deep=True)
    old.fields[0].situation = old_text
    new.fields[0].situation = new_text
    new.fields[0].title = "Bildung <b>fett</b> & *Sprache*"
    return diff(old, new)


def test_hostile_data_renders_as_text_and_only_safe_links(tmp_path: Path) -> None:
    html = _render(to_markdown(_concepts(tmp_path, "Alter Text.", f"Alter Text. {HOSTILE}")))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "onerror" in html  # as text
    assert "href" not in html and "javascript:alert(3)" in html  # text, not a link
    assert "<s>" not in html and "<code>code" not in html and "~~weg~~ `code`" in html
    assert "&amp;lt;schon&amp;gt;" in html  # an entity in data is data, not an entity
    assert "<ol" not in html and "<table" not in html
    assert "Bildung &lt;b&gt;fett&lt;/b&gt; &amp; *Sprache*" in html


def test_changes_starting_or_ending_with_space_are_marked(tmp_path: Path) -> None:
    markdown = to_markdown(
        _concepts(tmp_path, "Wir fördern Kinder.", "Wir fördern alle Kinder und Eltern.")
    )
    html = _render(markdown)
    assert "**" not in html and "~~" not in html
    # The inserted " und Eltern" starts with a space: "** und Eltern**" showed asterisks.
    assert "situation: Wir fördern <ins>alle</ins> Kinder <ins>und Eltern</ins>.</li>" in html
    html = _render(to_markdown(_concepts(tmp_path / "b", "Wir fördern sehr gern.", "Wir fördern.")))
    assert "situation: Wir fördern <del>sehr gern</del>.</li>" in html


def test_deleted_and_inserted_paragraphs_are_marked(tmp_path: Path) -> None:
    html = _render(
        to_markdown(_concepts(tmp_path, "Erster.\n\n- Punkt", "# Überschrift?\n\n1. Neu"))
    )
    assert "<h1" not in html and "<ol" not in html and "<ul>\n<li>Punkt" not in html
    assert "<del>" in html and "<ins>" in html and "<ins># Überschrift?</ins>" in html


def test_only_http_https_and_mailto_links_stay_links() -> None:
    from konzeptdoc.diff.mdsafe import with_links

    text = (
        "[Amt](https://www.wiesbaden.de/amt) [klick](javascript:alert(1)) "
        "<mailto:amt@example.org> <javascript:alert(2)> [x](data:text/html,<b>) **fett**"
    )
    html = _render(with_links(text))
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == ["https://www.wiesbaden.de/amt", "mailto:amt@example.org"]
    assert "<b>" not in html and "<strong>" not in html and "javascript:alert(2)" in html
