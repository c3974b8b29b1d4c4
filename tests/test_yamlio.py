"""The fast reader and the round-trip reader must agree on every value (YAML 1.2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import konzeptdoc
from konzeptdoc.files import yamlio

SCALARS = [
    ("10:30", "10:30"), ("0522", 522), ("no", "no"), ("on", "on"), ("Yes", "Yes"),
    ("true", True), ("FALSE", False), ("2020-07-10", dt.date(2020, 7, 10)), ("1e3", 1000.0),
    ("0o17", 15), ("0x1F", 31), ("0b11", 3), ("1_000", 1000), ("+12", 12), ("-5", -5),
    ("1.50", 1.5), ("~", None), ("null", None), ("", None), ("_", "_"), ("=", "="), ("<<", "<<"),
    ("'0522'", "0522"), ('"a\\vb"', "a\vb"), ("2020-07-10 10:30:00", dt.datetime(2020, 7, 10, 10, 30)),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), SCALARS, ids=[s or "empty" for s, _ in SCALARS])
def test_readers_agree(source: str, expected: Any) -> None:
    text = f"key: {source}\n"
    fast = yamlio.load(text)["key"]
    slow = yamlio.load_roundtrip(text)["key"]
    assert fast == expected and slow == expected
    assert type(fast) is type(expected)
    assert isinstance(slow, type(expected))


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a:\n  b: 1\n  b: 2\n"], ids=["top", "nested"])
def test_duplicate_keys_are_refused(text: str) -> None:
    with pytest.raises(konzeptdoc.YamlSyntaxError, match=r"der Schlüssel „[ab]“ kommt doppelt vor"):
        yamlio.load(text)


def test_raw_control_character_names_line(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_bytes(field.read_bytes().replace(b"title: Arbeit", b"title: Ar\x0bbeit"))
    [problem] = konzeptdoc.validate(concept_dir)
    assert problem.line == 3
    assert "Das Zeichen U+000B ist in YAML-Dateien nicht erlaubt" in problem.message


def test_byte_order_mark_is_tolerated(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_bytes(b"\xef\xbb\xbf" + field.read_bytes())
    assert konzeptdoc.validate(concept_dir) == []


def test_not_utf8_is_reported(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_bytes(field.read_bytes().replace(b"Arbeit", "Größe".encode("latin-1")))
    [problem] = konzeptdoc.validate(concept_dir)
    assert "nicht in UTF-8 gespeichert" in problem.message and problem.file == field
    lines = field.read_bytes().split(b"\n")
    line = next(n for n, text in enumerate(lines, 1) if "Größe".encode("latin-1") in text)
    assert f"(Zeile {line})" in problem.message  # where the editor shows it, not a byte offset


def test_alias_bomb_is_refused(concept_dir: Path) -> None:
    bomb = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9))
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(field.read_text() + "l0: &l0 [x]\n" + bomb)
    [problem] = konzeptdoc.validate(concept_dir)
    assert "Anker und -Verweise" in problem.message and problem.line == 18  # the first *l0


def test_text_with_ampersand_and_stars_is_not_an_alias() -> None:
    assert yamlio.load("t: Bildung & Sprache *wichtig* a*b\n") == {
        "t": "Bildung & Sprache *wichtig* a*b"
    }


@pytest.mark.parametrize("depth", [5_000, 200_000], ids=["deep", "crash-deep"])
def test_deep_nesting_is_an_error_not_a_crash(concept_dir: Path, depth: int) -> None:
    # Past ~20,000 levels libyaml's composer used to crash the interpreter outright.
    concept = concept_dir / "concept.yaml"
    concept.write_text(
        concept.read_text().replace(
            "kind: Integrationskonzept", "kind: " + "[" * depth + "]" * depth
        )
    )
    [problem] = [p for p in konzeptdoc.validate(concept_dir) if p.severity == "error"]
    # Our own words and the position, never the YAML library's message text (it changes).
    assert problem.file == concept
    assert problem.message.startswith("YAML-Syntaxfehler")


def _locations(node: Any, location: tuple[str | int, ...] = ()) -> Any:
    yield location
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _locations(value, (*location, str(key)))
        yield (*location, "missing")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _locations(item, (*location, index))
        yield (*location, len(node))


def test_fast_positions_give_the_round_trip_lines() -> None:
    # Problem lines come from libyaml's node marks; the round-trip reader is the reference.
    root = (
        Path(__file__).parent.parent / "sample_concepts" / "wiesbaden" / "05-ik-fortschreibung-2025"
    )
    files = sorted(root.rglob("*.yaml"))
    text = "\n".join(path.read_text(encoding="utf-8") for path in files[:1])
    text += "list:\n  - |\n    block\n  -\n    nested: 1\n  - [a, {b: c}]\n"
    checked = 0
    for path_text in [text, *(path.read_text(encoding="utf-8") for path in files[1:4])]:
        slow, fast = yamlio.load_roundtrip(path_text), yamlio.positions(path_text)
        for location in _locations(slow):
            assert yamlio.line_of(fast, location) == yamlio.line_of(slow, location), location
            checked += 1
    assert checked > 400
    assert yamlio.positions("a: [\n") is None


@pytest.mark.parametrize(
    "value",
    ["Integration " * 420, "„Vielfalt“: " * 900 + "Ende", "ü\u2028ß\t" * 1500, "kurz: ja"],
    ids=["plain", "quoted", "escapes", "short"],
)
def test_a_scalar_for_one_line_stays_one_line_however_long(value: str) -> None:
    """`konzeptdoc new --title` with 5,000 characters wrote a submission.yaml that did not
    parse: the writer wrapped the title at its width, indented for the top level."""
    from konzeptdoc.files.yamlio import dump_scalar, load

    scalar = dump_scalar(value)
    assert "\n" not in scalar
    for text in (f"a: {scalar}\n", f"a:\n  - title: {scalar}\n    x: 1\n"):
        found = load(text)["a"]
        assert (found if isinstance(found, str) else found[0]["title"]) == value


def _constructed(text: str) -> Any:
    """What PyYAML's generic constructor builds of `text` with the 1.2 loader (the
    reference the fast construction in `yaml12.load` must equal), or the error type."""
    import yaml as pyyaml

    from konzeptdoc.files import yaml12

    loader = yaml12.Loader12(text)
    try:
        node = loader.get_single_node()
        return None if node is None else loader.construct_document(node)
    except (pyyaml.YAMLError, ValueError, KeyError, TypeError) as exc:
        return type(exc)
    finally:
        loader.dispose()


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [0x1F, 0o17, 0522, 1_000, -2, +3, 1.5, .inf, -.5e3, _]\nc: ~\nd: True\n",
        "when: 2024-05-17\nat: 2024-05-17 10:30:00 +02:00\ntime: 10:30\n",
        "a: !!str 5\nb: !!int '7'\nc: !!float '2'\nd: !!null ''\ne: !!bool 'false'\n",
        "a: 1\na: 2\n",
        "? [x]\n: 1\n",
        "? !!str [x]\n: 1\n",
        "1: a\n",
        "~: a\n",
        "!!merge <<: {a: 1}\nb: 2\n",
        "<<: {a: 1}\n",
        "a: !!str {b: 1}\n",
        "a: !!map [1]\n",
        "a: !!seq x\n",
        "a: !!binary aGk=\n",
        "a: !!set {x: null}\n",
        "a: !custom x\n",
        "a: !!int 0b_\n",
        "a: !!bool maybe\n",
        "- 'quoted'\n- \"also\"\n- |\n  block\n- plain & with ampersand\n",
        "",
        "just text\n",
    ],
)
def test_fast_construction_equals_pyyamls(text: str) -> None:
    from konzeptdoc.files import yaml12

    expected = _constructed(text)
    try:
        got: Any = yaml12.load(text)
    except Exception as exc:  # the same refusal is what is compared
        got = type(exc)
    assert got == expected and repr(got) == repr(expected)


def test_fast_construction_equals_pyyamls_on_the_samples() -> None:
    from konzeptdoc.files import yaml12

    files = sorted((Path(__file__).parent.parent / "sample_concepts").rglob("*.yaml"))
    assert len(files) > 20
    for file in files:
        text = file.read_text("utf-8")
        assert repr(yaml12.load(text)) == repr(_constructed(text)), file


@pytest.mark.parametrize("inner", ["", "x", "1"], ids=["empty", "text", "number"])
def test_nesting_cap_is_exact(inner: str) -> None:
    from konzeptdoc.errors import YamlSyntaxError
    from konzeptdoc.files.yamlguard import MAX_DEPTH

    # The mapping is level 0: MAX_DEPTH lists inside it are allowed, one more is refused.
    allowed = "a: " + "[" * MAX_DEPTH + inner + "]" * MAX_DEPTH + "\n"
    data = yamlio.load(allowed)
    for _ in range(MAX_DEPTH):
        data = data["a"] if isinstance(data, dict) else data[0] if data else data
    assert data == ([] if not inner else [inner if inner == "x" else 1])
    with pytest.raises(YamlSyntaxError, match="Ebenen"):
        yamlio.load("a: " + "[" * (MAX_DEPTH + 1) + inner + "]" * (MAX_DEPTH + 1) + "\n")
