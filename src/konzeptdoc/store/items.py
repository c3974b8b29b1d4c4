"""What history and blame need of a blob: a digest of each list item's text, by item id.

Cached in memory for the life of a `Repository` and on disk (``.git/konzeptdoc/``) for the
next process: a blob never changes, so nothing goes stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.textscan import all_items


@dataclass(frozen=True)
class BlobItems:
    """What history and blame need of one blob: a digest of each item's text, by item id."""

    sha: str
    digests: dict[str, str]


class ItemCache:
    """Per blob the digests of its items; per digest the item's text.

    In memory they serve every call of a Repository; on disk (``.git/konzeptdoc/items``) the
    next process, since every CLI call is a new one. A blob never changes, so nothing goes
    stale. Comparing digests tells whether an entity changed; its text is read only when it
    did. A disk entry is a cache, not data: one torn or unreadable is computed again.
    """

    def __init__(self, git: Git, git_dir: Path, size: int = 4096) -> None:
        self.git = git
        self.size = size
        self.entries: OrderedDict[str, BlobItems] = OrderedDict()
        self.texts: dict[str, str] = {}
        self.folder = git_dir / "konzeptdoc"

    def __call__(self, blob: str) -> BlobItems:
        entry = self.entries.get(blob)
        if entry is not None:
            self.entries.move_to_end(blob)
            return entry
        entry = self._read(blob)
        if entry is None:
            items = all_items(self.text(blob))
            digests = {}
            for entity_id, item in items.items():
                digest = hashlib.blake2b(item.encode("utf-8"), digest_size=10).hexdigest()
                digests[entity_id] = digest
                if digest not in self.texts:
                    self.texts[digest] = item
                    self._store(
                        self.folder / "texts" / digest[:2] / digest[2:], item.encode("utf-8")
                    )
            entry = BlobItems(blob, digests)
            self._store(self._index(blob), json.dumps(digests).encode("ascii"))
        self.entries[blob] = entry
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return entry

    def item(self, digest: str) -> str:
        """The text of the item with this digest."""
        text = self.texts.get(digest)
        if text is None:
            text = (self.folder / "texts" / digest[:2] / digest[2:]).read_bytes().decode("utf-8")
            self.texts[digest] = text
        return text

    def text(self, blob: str) -> str:
        return self.git.blob_bytes(blob).decode("utf-8-sig", "replace")

    def _index(self, blob: str) -> Path:
        return self.folder / "items" / blob[:2] / blob[2:]

    def _read(self, blob: str) -> BlobItems | None:
        try:
            digests = json.loads(self._index(blob).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(digests, dict):
            return None
        texts = self.folder / "texts"
        if not all((texts / d[:2] / d[2:]).is_file() for d in list(digests.values())[:1]):
            return None  # texts were removed: compute again
        return BlobItems(blob, digests)

    @staticmethod
    def _store(path: Path, data: bytes) -> None:
        try:
            if path.exists():
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)  # no fsync: a lost entry is computed again
        except OSError:
            pass  # a read-only repository still works, without the disk cache
