"""A YAML 1.2 reader on libyaml: PyYAML's C parser with the 1.2 core schema.

PyYAML's own resolver follows YAML 1.1, where ``10:30`` is the number 630, ``0522`` is
octal 338 and ``no`` is False. Concept files are YAML 1.2 (as ruamel's round-trip loader,
used for editing, reads them), so this loader resolves scalars by 1.2 and refuses
duplicate keys, which PyYAML would silently merge. Measured on the large generated
concept it reads about twice as fast as ruamel's safe loader with libyaml.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # the stubs omit it
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from konzeptdoc.files.yamlguard import MAX_DEPTH, AliasUsed

# The YAML 1.2 patterns of ruamel.yaml's resolver, verbatim, so that this reader and the
# round-trip reader used for editing can never disagree on what a scalar is.
_RESOLVERS: list[tuple[str, re.Pattern[str], str]] = [
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        "-+0123456789.",
    ),
    (
        "tag:yaml.org,2002:int",
        re.compile(
            r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
            re.X,
        ),
        "-+0123456789",
    ),
    ("tag:yaml.org,2002:null", re.compile(r"^(?: ~ |null|Null|NULL | )$", re.X), "~nN\0"),
    (
        "tag:yaml.org,2002:timestamp",
        re.compile(
            r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
            re.X,
        ),
        "0123456789",
    ),
]


class _Resolver12(yaml.resolver.BaseResolver):
    """Only the patterns below: BaseResolver starts empty, unlike PyYAML's 1.1 Resolver."""

    # libyaml's composer calls these three per node; PyYAML's versions, written for path
    # resolvers (none here), were a sixth of a field file's parse.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        if self.yaml_path_resolvers:
            super().descend_resolver(current_node, current_index)

    def ascend_resolver(self) -> None:
        if self.yaml_path_resolvers:
            super().ascend_resolver()

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        if not implicit[0]:  # quoted or a block: text
            return self.DEFAULT_SCALAR_TAG
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = self.DEFAULT_SCALAR_TAG
            # The patterns of its first character ("" for an empty scalar).
            for pattern_tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                if regexp.match(value):
                    tag = pattern_tag
                    break
            if len(value) <= 40:  # keys and short values recur: kept, within a bound
                if len(_RESOLVED) >= 20_000:
                    _RESOLVED.clear()
                _RESOLVED[value] = tag
        return tag


_RESOLVED: dict[str, str] = {}  # plain scalar → its tag


for _tag, _regexp, _first in _RESOLVERS:
    _Resolver12.add_implicit_resolver(
        _tag, _regexp, list(_first.replace("\0", "")) + [""] * ("\0" in _first)
    )
assert None not in _Resolver12.yaml_implicit_resolvers  # no pattern for every first character


class _Constructor12(yaml.constructor.SafeConstructor):
    def construct_yaml_int(self, node: ScalarNode) -> int | str:  # type: ignore[override]
        # As ruamel reads YAML 1.2: "0522" is 522, not octal; underscores are dropped.
        text = str(self.construct_scalar(node))
        value = text.replace("_", "")
        sign = -1 if value[:1] == "-" else 1
        value = value.lstrip("+-")
        if not value:
            return text  # "_" alone is text
        for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
            if value.startswith(prefix):
                return sign * int(value[2:], base)
        return sign * int(value, 10)

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        # "2026-13-01" or "2026-02-30" has a date's shape but is no date: the text, which
        # validation reports as a wrong date with file, line and key (PyYAML raises a bare
        # ValueError, which no reader of concept files could place).
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return str(self.construct_scalar(node))

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        if not all(type(key) is str for key in mapping):  # "1:", "~:", "2020-01-01:"
            for key_node, _ in node.value:
                if type(self.construct_object(key_node)) is not str:
                    raise ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        f'found a key that is not text "{key_node.value}"',
                        key_node.start_mark,
                    )
        if len(mapping) != len(node.value):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node)
                if key in seen:
                    raise ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        f'found duplicate key "{key}"',
                        key_node.start_mark,
                    )
                seen.add(key)
        return mapping


for _tag, _construct in (
    ("int", _Constructor12.construct_yaml_int),
    ("timestamp", _Constructor12.construct_yaml_timestamp),
):
    _Constructor12.add_constructor(  # type: ignore[type-var]  # the stubs expect a full Loader
        f"tag:yaml.org,2002:{_tag}", _construct
    )


def _refused(_: Any, node: Node) -> Any:
    raise ConstructorError(
        None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark
    )


# Tags of the 1.1 type repository that yield what concept data has no use for (bytes, sets,
# ordered pairs) and that people meet only in hostile files: refused like unknown tags,
# rather than reaching a message as a Python value ("{'a', 'b'}").
for _tag in ("binary", "set", "omap", "pairs"):
    _Constructor12.add_constructor(f"tag:yaml.org,2002:{_tag}", _refused)


class Loader12(CParser, _Constructor12, _Resolver12):
    """PyYAML loader: libyaml parser, YAML 1.2 core schema, duplicate keys refused."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        _Constructor12.__init__(self)
        _Resolver12.__init__(self)


def load(text: str) -> Any:
    """Parse `text` (raises PyYAML's `YAMLError` subclasses on bad input).

    Raises:
        AliasUsed: The text uses an alias (``*name``); refused before any value is built.
    """
    return load_checked(text)[0]


def load_checked(text: str) -> tuple[Any, bool]:
    """As `load`, and whether the data is known to share no container and to nest at most
    `yamlguard.MAX_DEPTH` deep (then `yamlguard.refuse_shared` has nothing to find).

    Raises:
        AliasUsed: The text uses an alias (``*name``); refused before any value is built.
    """
    loader = Loader12(text)  # what yaml.load does, without its closed list of loader types
    try:
        node = loader.get_single_node()
        if node is None:
            return None, True
        # No anchor, no alias: libyaml refuses an undefined one ("&" alone: the search is slow).
        if "&" in text and _ANCHOR.search(text):
            _refuse_aliases(node, text)
        try:
            return _plain(loader, node, 0), True  # new containers, one per node
        except Exception:  # anything unusual: PyYAML's constructor, with its own refusal
            return loader.construct_document(node), False
    finally:
        loader.dispose()


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))


class _Unusual(Exception):
    """A node `_plain` leaves to PyYAML's constructor."""


def _plain(loader: Loader12, node: Node, depth: int) -> Any:
    """The data of `node` as `construct_document` builds it, for the tags concept files use
    (text, lists, mappings with distinct text keys, numbers, true/false, null), without its
    generic per-node machinery (a third of a field file's parse). Raises on anything else."""
    tag, kind = node.tag, type(node)
    if tag == _STR and kind is ScalarNode:
        return node.value
    if depth > MAX_DEPTH:
        raise _Unusual  # refused by `refuse_shared`, with its message
    if tag == _MAP and kind is MappingNode:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if (
                key_node.tag != _STR
                or type(key_node) is not ScalarNode
                or key_node.value in mapping
            ):
                raise _Unusual  # a key that is no text, a merge key, a duplicate
            mapping[key_node.value] = _plain(loader, value_node, depth + 1)
        return mapping
    if tag == _SEQ and kind is SequenceNode:
        return [_plain(loader, item, depth + 1) for item in node.value]
    constructor = _SCALARS.get(tag)
    if constructor is None or kind is not ScalarNode:
        raise _Unusual
    return constructor(loader, node)


# The constructors `construct_document` picks for these tags (none keeps state).
_SCALARS: dict[str, Any] = {
    f"tag:yaml.org,2002:{tag}": getattr(_Constructor12, f"construct_yaml_{tag}")
    for tag in ("null", "bool", "int", "float", "timestamp")
}


# An anchor starts a node: at a line's start or after a space, "[", "{", ",", "-" or ":".
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\[\]{}]", re.M)


def _refuse_aliases(root: Node, text: str) -> None:
    """Refuse a node reached twice: libyaml's composer resolves every alias to its anchor's
    node, so sharing is the only trace an alias leaves. One pass, stopping at nodes seen."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise AliasUsed(_alias_line(node, text))
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                stack += (value, key)
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


def _alias_line(node: Node, text: str) -> int | None:
    """The line of the first alias of `node`'s anchor (the node's mark is at its "&name")."""
    start = node.start_mark.index if node.start_mark is not None else 0
    # A scalar's mark is at its anchor, a collection's after it (at "[" or the first key).
    anchor = re.match(r"&([^\s,\[\]{}]+)", text[start : start + 1100]) or re.search(
        r"&([^\s,\[\]{}]+)\s*(?:![^\s]*\s*)?$", text[max(start - 1100, 0) : start]
    )
    if anchor is None:
        return node.start_mark.line + 1 if node.start_mark is not None else None
    alias = re.compile(rf"\*{re.escape(anchor.group(1))}(?![^\s,\]}}])")
    found = alias.search(text, start)
    return text.count("\n", 0, found.start()) + 1 if found else None
