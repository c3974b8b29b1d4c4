"""Reading a loose object from ``.git/objects`` without a git process.

Objects a commit wrote here are loose files until git packs them: the zlib-compressed
header ``<type> <size>\\0`` and the contents. Reading them directly saves a blame the
``git cat-file`` process it would otherwise start (about as long as the ``git log`` it
runs). Only what is certain is taken: the file must hold exactly the object its name says
(its SHA-1 is checked), within the size cap. Everything else – a packed object, one in an
alternate store, a link, a damaged file, one over the cap – is left to ``git cat-file``,
whose answers and refusals stay as they were.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from pathlib import Path

_HEX = frozenset("0123456789abcdef")
_KINDS = frozenset({b"blob", b"tree", b"commit", b"tag"})
_HEADER = 32  # "commit 1234567890\0" and more fit


def read(objects: Path, sha: str, cap: int) -> tuple[str, bytes] | None:
    """(type, contents) of the loose object `sha` under `objects`, or None where git must
    answer (see the module)."""
    if len(sha) != 40 or not _HEX.issuperset(sha):
        return None
    try:
        # A string path: pathlib's joins cost a blame more than reading the object.
        name = f"{os.fspath(objects)}/{sha[:2]}/{sha[2:]}"
        descriptor = os.open(name, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        length = os.fstat(file.fileno()).st_size
        if length > cap + 4096:  # compressed, a capped object is hardly larger
            return None
        # Exactly the file's size: read(cap) would allocate the whole cap for every object.
        data = file.read(length)
    inflate = zlib.decompressobj()
    try:
        head = inflate.decompress(data, _HEADER)
        end = head.find(b"\0")
        kind, _, size_text = head[: max(end, 0)].partition(b" ")
        if end < 0 or kind not in _KINDS or not size_text.isdigit():
            return None
        size = int(size_text)
        if size > cap:
            return None
        body = head[end + 1 :]
        if len(body) <= size:
            body += inflate.decompress(inflate.unconsumed_tail, size + 1 - len(body))
    except zlib.error:
        return None
    if (
        len(body) != size
        or hashlib.sha1(head[: end + 1] + body, usedforsecurity=False).hexdigest() != sha
    ):
        return None
    return kind.decode("ascii"), body
