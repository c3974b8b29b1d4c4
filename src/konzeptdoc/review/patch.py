"""Writing a review's edits by replacing exactly the changed values in the files' text.

`save_concept` brings a whole round-trip tree up to date, which for a large concept means
ruamel parsing and emitting every field file (seconds). A review changes only text values,
so each value is found with libyaml's composer (its nodes know line and column), and its
text is replaced by the new value written in the old value's style (literal block, quotes
or plain) at the old value's indentation. Everything else in the file stays byte for byte.
Each patched file is read back and must hold exactly the old data with the new values;
where that fails (a value written in a form this does not handle), None is returned and
the caller falls back to the round-trip writer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from konzeptdoc.files import yamlio
from konzeptdoc.review.records import Edit

Path_ = tuple[str | int, ...]
_FILES = {"participation": "participation.yaml", "submission": "submission.yaml"}


def _compose(text: str) -> tuple[Any, Any]:
    """The file's node tree and its data (constructed from the same nodes), or Nones."""
    import yaml

    from konzeptdoc.files.yaml12 import Loader12

    loader = Loader12(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node)
    except yaml.YAMLError:
        return None, None
    finally:
        loader.dispose()


def _ids(node: Any, path: Path_ = ()) -> Iterator[tuple[str, Any, Path_]]:
    """(id, mapping node, path) of every mapping with an `id` in a composed file."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                yield value.value, node, path
        for key, value in node.value:
            yield from _ids(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _ids(item, (*path, index))


def _child(node: Any, key: str) -> tuple[Any, Any] | None:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if key_node.value == key:
            return key_node, value
    return None


def _replacement(value: str, node: Any, indent: str) -> str | None:
    """`value` as YAML text in the style of `node`, continuation lines indented by `indent`."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        FoldedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    kinds: dict[str | None, Any] = {
        "|": LiteralScalarString,
        ">": FoldedScalarString,
        "'": SingleQuotedScalarString,
        '"': DoubleQuotedScalarString,
    }
    like = kinds[node.style](node.value) if node.style in kinds else node.value
    dumped = yamlio.dump_roundtrip({"k": yamlio.styled(value, like)})
    if not dumped.startswith("k:"):
        return None
    body = dumped[2:].lstrip(" ")
    lines = body.split("\n")
    # ruamel indents the lines under "k:" by two spaces; the file's own indentation instead.
    return "\n".join([lines[0], *(indent + line[2:] if line else line for line in lines[1:])])


def _offsets(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def patch_texts(
    texts: Mapping[str, str], edits: Sequence[Edit], concept_id: str
) -> dict[str, tuple[str, Any]] | None:
    """relative path → (new text, the data it must read as) of every file the edits
    change; None if an edit cannot be written this way (then the round-trip writer is
    used). The caller reads the new texts back and compares (`verify`)."""
    composed = {name: _compose(text) for name, text in texts.items()}
    trees = {name: node for name, (node, _) in composed.items()}
    where: dict[str, tuple[str, Any, Path_]] = {}
    for name, tree in trees.items():
        if tree is None:
            return None
        for entity_id, node, path in _ids(tree):
            where.setdefault(entity_id, (name, node, path))
    plans: dict[str, list[tuple[Any, Any, Path_, str]]] = {}
    for edit in edits:
        if not edit.value:
            return None  # a key to remove: the round-trip writer does that
        steps = edit.field.split(".")
        if edit.entity == concept_id and steps[0] in _FILES:
            name = _FILES[steps[0]]
            if trees.get(name) is None:
                return None
            found: tuple[str, Any, Path_] = (name, trees[name], ())
            steps = steps[1:]
        elif edit.entity == concept_id:
            found = ("concept.yaml", trees.get("concept.yaml"), ())
        elif edit.entity in where:
            found = where[edit.entity]
        else:
            return None
        name, node, path = found
        pair = None
        for step in steps:
            pair = _child(node, step)
            if pair is None:
                return None
            node, path = pair[1], (*path, step)
        assert pair is not None
        plans.setdefault(name, []).append((pair[0], pair[1], path, edit.value))
    out: dict[str, tuple[str, Any]] = {}
    for name, plan in plans.items():
        patched = _patch(texts[name], composed[name][1], plan)
        if patched is None:
            return None
        out[name] = patched
    return out


def _patch(text: str, data: Any, plan: list[tuple[Any, Any, Path_, str]]) -> tuple[str, Any] | None:
    import yaml

    lines = _offsets(text)
    expected = data  # constructed for this patch alone: changed in place
    pieces = []
    for key, node, path, value in plan:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            return None
        start = lines[node.start_mark.line] + node.start_mark.column
        indent = " " * (key.start_mark.column + 2)
        if node.style in ("|", ">") and node.start_mark.line + 1 < len(lines):
            begin = lines[node.start_mark.line + 1]
            stop = text.find("\n", begin)
            following = text[begin : stop if stop >= 0 else len(text)]
            indent = following[: len(following) - len(following.lstrip(" "))] or indent
        replacement = _replacement(value, node, indent)
        if replacement is None:
            return None
        end = (
            lines[node.end_mark.line] + node.end_mark.column
            if node.end_mark.line < len(lines)
            else len(text)
        )
        if node.style in ("|", ">"):
            # A block scalar ends after its line break and any blank lines that follow:
            # those stay, the scalar's text is replaced up to its last line break.
            while end > start and text[end - 1] in " \n":
                end -= 1
            end = text.find("\n", end)
            end = len(text) if end < 0 else end + 1
            replacement = replacement.rstrip("\n") + "\n"
        else:
            replacement = replacement.rstrip("\n")
        pieces.append((start, end, replacement))
        target = expected
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    out: list[str] = []
    at = 0
    for start, end, replacement in sorted(pieces):
        if start < at:
            return None  # two edits of one value
        out += (text[at:start], replacement)
        at = end
    out.append(text[at:])
    return "".join(out), expected
