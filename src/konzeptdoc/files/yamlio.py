"""YAML reading and writing: fast for reading, round-trip for editing and error positions.

Reading goes through ruamel's safe loader, which uses libyaml (ruamel.yaml.clib) when it is
installed: about ten times faster than the round-trip loader. The round-trip loader is used
only where its extra work pays: to write a changed file back with its comments, key order,
quoting and blank lines intact. The line of a problem comes from libyaml's node marks. Both loaders resolve
scalars by YAML 1.2 (`10:30` is text, `no` is text), so they agree on every value.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from konzeptdoc.errors import KonzeptdocError, YamlSyntaxError
from konzeptdoc.files.paths import MAX_FILE_BYTES, check_size
from konzeptdoc.files.yamlerrors import syntax_error
from konzeptdoc.files.yamlguard import (
    ALIAS_MESSAGE,
    DEPTH_CHECK_FROM,
    AliasUsed,
    NoAliasComposer,
    check_depth,
    lenient_dates,
    refuse_shared,
)
from konzeptdoc.german.glossary import os_reason

Location = tuple[str | int, ...]
WIDTH = 4096  # never re-wrap a paragraph: one long line diffs better in git than a reflow


@lru_cache(maxsize=1)
def _fast() -> Callable[[str], tuple[Any, bool]]:
    """The fast parse: data, and whether it is known to need no `refuse_shared` walk."""
    try:
        from konzeptdoc.files import yaml12

        return yaml12.load_checked
    except ImportError:  # PyYAML without libyaml: ruamel's safe loader reads the same values
        yaml = YAML(typ="safe", pure=True)
        yaml.Composer = NoAliasComposer
        lenient_dates(yaml)
        return lambda text: (yaml.load(text), False)


def _roundtrip() -> YAML:
    # Not cached: a YAML instance keeps state between dumps (indentation settings).
    yaml = YAML(typ="rt")
    yaml.Composer = NoAliasComposer
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    # ruamel resolves a lone "=" or "<<" to tags it cannot construct; they are text.
    for tag in ("tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"):
        yaml.constructor.add_constructor(tag, type(yaml.constructor).construct_yaml_str)
    lenient_dates(yaml)
    return yaml


def load(text: str, path: Path | None = None) -> Any:
    """Parse YAML text into plain Python data (fast path).

    Raises:
        YamlSyntaxError: The text is not valid YAML; the error names line and column.
    """
    import yaml as pyyaml

    if text.count("[") + text.count("{") > DEPTH_CHECK_FROM:
        check_depth(text, path)
    try:
        data, checked = _fast()(text)
    except AliasUsed as exc:
        raise YamlSyntaxError(ALIAS_MESSAGE, path=path, line=exc.line) from None
    except (YAMLError, pyyaml.YAMLError) as exc:
        raise syntax_error(exc, path, text) from exc
    except RecursionError:
        raise YamlSyntaxError(
            "YAML-Syntaxfehler: Listen und Angaben sind zu tief verschachtelt", path=path
        ) from None
    if not checked:
        refuse_shared(data, text, path)
    return data


def load_roundtrip(text: str, path: Path | None = None) -> Any:
    """Parse YAML text into ruamel's commented tree (keeps comments and positions).

    Raises:
        YamlSyntaxError: The text is not valid YAML.
    """
    try:
        return _roundtrip().load(text)
    except AliasUsed as exc:
        raise YamlSyntaxError(ALIAS_MESSAGE, path=path, line=exc.line) from None
    except YAMLError as exc:
        raise syntax_error(exc, path, text) from exc


def positions(text: str) -> Any:
    """The node tree of `text` with the line of every node (None when `text` is not YAML).

    libyaml's composer, without constructing values: about 25 times faster than the
    round-trip loader, so finding the lines of problems costs no more than a second read.
    """
    import yaml as pyyaml

    loader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
    try:
        return pyyaml.compose(text, Loader=loader)
    except (pyyaml.YAMLError, RecursionError):
        return None


def line_of(tree: Any, location: Location) -> int | None:
    """1-based line of the node at `location` in a tree from `positions` (or a round-trip tree).

    Goes as deep as the location exists: for a missing key it gives the line of the
    mapping that lacks it, which is where a person would add it.
    """
    from yaml.nodes import MappingNode, SequenceNode

    line: int | None = 1
    node = tree
    for step in location:
        if isinstance(node, MappingNode) and isinstance(step, str):
            pair = next((p for p in node.value if p[0].value == step), None)
            if pair is None:
                break
            line = pair[0].start_mark.line + 1
            node = pair[1]
        elif (
            isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value)
        ):
            node = node.value[step]
            line = node.start_mark.line + 1
        elif isinstance(node, CommentedMap) and isinstance(step, str) and step in node:
            line = node.lc.key(step)[0] + 1
            node = node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            line = node.lc.item(step)[0] + 1
            node = node[step]
        else:
            break
    return line


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, sequence dash offset) as used in `text`."""
    mapping, sequence, offset = 2, 4, 2
    lines = text.splitlines()
    for number, line in enumerate(lines[:-1]):
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#") or not stripped.rstrip().endswith(":"):
            continue
        following = lines[number + 1]
        inner = following.lstrip()
        if not inner or inner.startswith("#"):
            continue
        step = len(following) - len(inner) - (len(line) - len(stripped))
        if inner.startswith("- "):
            offset = max(step, 0)
            sequence = offset + 2
            break
        if step > 0:
            mapping = step
    return mapping, sequence, offset


_NULL_WORD = re.compile(r":[ \t]+(?:null|~)[ \t]*(?:#.*)?$", re.M)


def null_word(text: str | None) -> bool:
    """Whether a file writes empty values as ``null`` (ruamel itself does not remember)."""
    return text is None or _NULL_WORD.search(text) is not None


def dump_roundtrip(
    tree: Any, indent: tuple[int, int, int] = (2, 4, 2), *, nulls: bool = True
) -> str:
    """Serialise a round-trip tree, keeping what the reader preserved.

    `nulls`: write empty values as ``null`` (the file's own style; see `null_word`).
    """
    yaml = _roundtrip()
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    if nulls:
        yaml.representer.add_representer(
            type(None),
            lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"),
        )
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    return buffer.getvalue()


def dump_scalar(value: str) -> str:
    """`value` as a YAML scalar for one line, quoted only where YAML needs it."""
    text = dump_roundtrip({"k": styled(value)}, (2, 4, 2))[len("k: ") :].rstrip("\n")
    if "\n" in text:
        # Longer than WIDTH: the writer wrapped it, with continuation lines indented for the
        # top level, which breaks where the caller puts it deeper ("  - title: …"). A JSON
        # string is a one-line YAML double-quoted scalar.
        return json.dumps(value, ensure_ascii=bool(_NEEDS_ESCAPE.search(value)))
    return text


def to_tree(value: Any) -> Any:
    """Plain data → a round-trip tree in canonical form (block style, readable text)."""
    if isinstance(value, Mapping):
        return CommentedMap((key, to_tree(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        sequence = CommentedSeq(to_tree(item) for item in value)
        if (
            value
            and all(isinstance(item, str) and _FLOW_SAFE.match(item) for item in value)
            and (sum(len(item) + 2 for item in value) < 60)
        ):
            sequence.fa.set_flow_style()  # short lists of ids read best as [a, b]
        return sequence
    if isinstance(value, str):
        return styled(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Words that are plain scalars in a flow sequence too; anything else stays in block style,
# where ruamel's emitter quotes correctly (it writes "[0?]", which libyaml rejects).
_FLOW_SAFE = re.compile(r"^[^\W\d_](?:[\w .-]*\w)?$")


def styled(text: str, like: Any = None) -> Any:
    """`text` as a scalar that writes readably: literal block for multi-line prose.

    With `like`, the style of the value it replaces is kept where it can carry `text`;
    otherwise ruamel picks a style (double quotes with escapes where nothing else can).
    """
    if _NEEDS_ESCAPE.search(text):
        return DoubleQuotedScalarString(text)  # the only style that escapes them
    if isinstance(like, LiteralScalarString | FoldedScalarString) and _block_safe(text):
        return type(like)(text)
    if isinstance(like, SingleQuotedScalarString | DoubleQuotedScalarString) and _one_line(text):
        return type(like)(text)
    if "\n" in text and _block_safe(text):
        return LiteralScalarString(text)
    return text


# Characters a YAML stream may not hold raw (DEL, C1 controls) or that some readers take for
# line breaks (NEL, LS, PS); only a double-quoted scalar can carry them, as escapes.
_NEEDS_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")


def _one_line(text: str) -> bool:
    return "\n" not in text and "\r" not in text and not _NEEDS_ESCAPE.search(text)


def _block_safe(text: str) -> bool:
    # A literal block cannot carry trailing spaces on a line, a leading space on the first
    # line, tabs, carriage returns or characters that need escapes: the emitter would change them.
    if not text or text[0] in " \t" or "\r" in text or "\t" in text or _NEEDS_ESCAPE.search(text):
        return False
    return not any(line != line.rstrip() for line in text.split("\n"))


def merge(node: Any, new: Any, order: Sequence[str] = ()) -> tuple[Any, bool]:
    """Bring a round-trip `node` to the value `new`, changing as little as possible.

    Returns the (possibly new) node and whether anything changed. Mappings are updated in
    place so comments on their keys stay; lists of entities are matched by `id`; a new key
    is inserted where `order` (the canonical key order) puts it among the existing keys.
    """
    if isinstance(new, Mapping) and isinstance(node, CommentedMap):
        return node, _merge_mapping(node, new, order)
    if isinstance(new, list) and isinstance(node, CommentedSeq):
        return _merge_sequence(node, new)
    if _same(node, new):
        return node, False
    if isinstance(new, str):
        return styled(new, like=node), True
    return to_tree(new), True


def _merge_mapping(node: CommentedMap, new: Mapping[str, Any], order: Sequence[str]) -> bool:
    changed = False
    for key in [k for k in node if k not in new]:
        del node[key]
        changed = True
    rank = {key: number for number, key in enumerate(order or list(new))}
    for key, value in new.items():
        if key in node:
            node[key], key_changed = merge(node[key], value)
            changed |= key_changed
            continue
        position = sum(1 for existing in node if rank.get(existing, -1) < rank.get(key, 0))
        node.insert(position, key, to_tree(value))
        changed = True
    return changed


def _merge_sequence(node: CommentedSeq, new: list[Any]) -> tuple[Any, bool]:
    old_ids = [item.get("id") if isinstance(item, CommentedMap) else None for item in node]
    new_ids = [item.get("id") if isinstance(item, Mapping) else None for item in new]
    if len(node) == len(new) and old_ids == new_ids:
        changed = False
        for index, value in enumerate(new):
            node[index], item_changed = merge(node[index], value)
            changed |= item_changed
        return node, changed
    if all(new_ids) and any(old_ids):
        # Entities were added, removed or reordered: reuse each surviving entity's node so
        # the comments inside it stay with it.
        by_id = {i: item for i, item in zip(old_ids, node, strict=True) if i is not None}
        rebuilt = CommentedSeq()
        for entity_id, value in zip(new_ids, new, strict=True):
            old = by_id.get(entity_id)
            rebuilt.append(merge(old, value)[0] if old is not None else to_tree(value))
        return rebuilt, True
    if _same(node, new):
        return node, False
    return to_tree(new), True


def same(old: Any, new: Any) -> bool:
    """Equal as data, and of the same kind (True is not 1; a date is not a datetime)."""
    return _same(old, new)


def _same(old: Any, new: Any) -> bool:
    """Equal as data, and of the same kind (True is not 1; a date is not a datetime)."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return list(old) == list(new) and all(_same(old[k], new[k]) for k in new)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, Mapping | list) or isinstance(new, Mapping | list):
        return False
    if _is_bool(old) != _is_bool(new) or isinstance(old, dt.datetime) != isinstance(
        new, dt.datetime
    ):
        return False
    return bool(old == new)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool | ScalarBoolean)


#: The byte order mark Windows editors write at the start of a UTF-8 file.
BOM = "\ufeff"


def read_text(path: Path, *, bom: bool = False) -> str:
    """A file's text as UTF-8, line endings as written (a BOM is tolerated: Windows editors
    write one; with `bom` it stays in the text, as "\\ufeff", for a save to keep it).

    Raises:
        FileTooLargeError: The file is larger than `MAX_FILE_BYTES` (checked before reading).
    """
    with path.open(encoding="utf-8" if bom else "utf-8-sig", newline="") as stream:
        check_size(os.fstat(stream.fileno()).st_size, path)
        # Bounded even if the file grows after the check (characters are at most bytes).
        text = stream.read(MAX_FILE_BYTES + 1)
    check_size(len(text), path)
    return text


def why_unreadable(exc: Exception) -> str:
    """What to tell of a file `read_text` could not read."""
    if isinstance(exc, KonzeptdocError):  # FileTooLargeError: its message says it all
        return exc.message
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"Die Datei ist nicht in UTF-8 gespeichert (Zeile {exc.object.count(10, 0, exc.start) + 1}): im Editor als "
            "UTF-8 speichern"
        )
    return f"Die Datei kann nicht gelesen werden ({os_reason(exc)})"
