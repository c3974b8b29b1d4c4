"""What history and blame need of a blob: a digest of each list item's text, by item id.

Cached in memory for the life of a `Repository` and on disk for the next process: a blob
never changes, so nothing goes stale. The disk cache lives in the user's cache folder, not in
the repository: a repository mailed as a zip could otherwise bring a cache that contradicts its
own history (`cache_folder`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.textscan import all_items


@dataclass(frozen=True)
class BlobItems:
    """What history and blame need of one blob: a digest of each item's text, by item id."""

    sha: str
    digests: dict[str, str]


def cache_folder(git_dir: Path) -> Path:
    """The disk cache of the repository at `git_dir`: under ``$XDG_CACHE_HOME/konzeptdoc``
    (``~/.cache/konzeptdoc``), one folder per repository, named by a digest of its path.

    Not inside ``.git``: what a cloned or mailed repository brings is untrusted, and a cache
    is believed without recomputing it. The user's own cache folder is written by konzeptdoc
    alone.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not Path(base).is_absolute():
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder (a service account): a private temp folder
            import tempfile  # rare, and it imports random: not on every start

            base = str(Path(tempfile.gettempdir()) / f"konzeptdoc-{os.getuid()}")
    key = hashlib.blake2b(os.fsencode(git_dir.resolve()), digest_size=12).hexdigest()
    return Path(base) / "konzeptdoc" / key


#: Blobs read from git in one `cat-file` run by `ItemCache.prefetch`.
_BATCH = 256


class ItemCache:
    """Per blob the digests of its items; per digest the item's text.

    In memory they serve every call of a Repository; on disk (`cache_folder`) the next
    process, since every CLI call is a new one. A blob never changes, so nothing goes
    stale. Comparing digests tells whether an entity changed; its text is read only when it
    did. A disk entry is a cache, not data: one torn or unreadable is computed again.
    """

    def __init__(self, git: Git, git_dir: Path, size: int = 4096) -> None:
        self.git = git
        self.size = size
        self.entries: OrderedDict[str, BlobItems] = OrderedDict()
        self.texts: dict[str, str] = {}
        #: What a blob's parse yields that its caller keeps (see `save_bundle`), by blob.
        self.outlines: dict[str, Any] = {}
        #: Blobs whose entries or outlines a bundle on disk holds.
        self.bundled: set[str] = set()
        #: Results a caller derived from blobs, kept with the bundle: key → {str: str}.
        self.memo: dict[str, dict[str, str]] = {}
        self.memo_changed = False
        self.folder = cache_folder(git_dir)

    def __call__(self, blob: str) -> BlobItems:
        entry = self.entries.get(blob)
        if entry is not None:
            self.entries.move_to_end(blob)
            return entry
        entry = self._read(blob)
        if entry is None:
            entry = self._scan(blob, self.text(blob))
        self._keep(entry)
        return entry

    def prefetch(
        self, blobs: Iterable[str], texts: Iterable[str] = (), *, also: Sequence[str] = ()
    ) -> tuple[dict[str, str], list[tuple[str, bytes] | None]]:
        """Make the entries of `blobs` ready; return the texts of the blobs `texts`, and the
        objects `also` names (as `Git.objects`).

        What neither memory nor disk holds is read in one batch from git, together with
        `also` (a blame needs dozens of blobs and the release tags: one process, not a round
        trip each and no GitPython import).
        """
        wanted = list(dict.fromkeys(texts))
        missing = dict.fromkeys(wanted)
        missing_texts = set(wanted)
        for blob in dict.fromkeys(blobs):
            if blob in self.entries:
                continue
            entry = self._read(blob)
            if entry is None:
                missing[blob] = None
            else:
                self._keep(entry)
        names = list(missing)
        found: dict[str, str] = {}
        extra: list[tuple[str, bytes] | None] = []
        # In batches: a long history's blobs (1,000 versions of an 80 KB file) need not all
        # be in memory at once.
        for start in range(0, max(len(names), 1), _BATCH):
            chunk = names[start : start + _BATCH]
            read = self.git.objects([*chunk, *(also if start == 0 else ())])
            if start == 0:
                extra = read[len(chunk) :]
            for blob, got in zip(chunk, read, strict=False):
                if got is None:  # the history names it, the repository lacks it
                    self.git.missing(blob, None)
                if got[0] != "blob":
                    continue
                text = got[1].decode("utf-8-sig", "replace")
                if blob not in self.entries:
                    self._keep(self._scan(blob, text, store=False))
                if blob in missing_texts:
                    found[blob] = text
        return {b: found[b] for b in wanted if b in found}, extra

    def load_bundle(self, name: str) -> None:
        """Take the entries a `save_bundle(name)` of an earlier process wrote (if readable)."""
        self.bundled = set()  # what this bundle holds, not one read before
        try:
            data = json.loads(self._bundle(name).read_bytes())
            entries, texts, outlines = data["entries"], data["texts"], data["outlines"]
            for blob, digests in entries.items():
                if blob not in self.entries:
                    self._keep(BlobItems(blob, {str(k): str(v) for k, v in digests.items()}))
                self.bundled.add(blob)
            for digest, text in texts.items():
                self.texts.setdefault(digest, str(text))
            for key, value in data.get("memo", {}).items():
                if isinstance(value, dict) and all(
                    isinstance(k, str) and isinstance(v, str) for k, v in value.items()
                ):
                    self.memo.setdefault(key, value)
            for blob, outline in outlines.items():
                if _is_outline(outline):
                    self.outlines.setdefault(blob, outline)
                    self.bundled.add(blob)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return  # a cache, not data: whatever is missing is read again

    def save_bundle(self, name: str, blobs: Iterable[str]) -> None:
        """Write the entries and outlines of `blobs` and their items' texts in one file, if
        the bundle lacked any (one file, not one per blob and item: a first blame would
        otherwise spend more time creating files than reading git)."""
        chosen = [b for b in dict.fromkeys(blobs) if b in self.entries or b in self.outlines]
        if all(b in self.bundled for b in chosen) and not self.memo_changed:
            return
        entries = {b: self.entries[b].digests for b in chosen if b in self.entries}
        texts = {d: self.texts[d] for e in entries.values() for d in e.values() if d in self.texts}
        outlines = {b: self.outlines[b] for b in chosen if b in self.outlines}
        data = json.dumps(
            {"entries": entries, "texts": texts, "outlines": outlines, "memo": self.memo},
            ensure_ascii=False,
        )
        self._store(self._bundle(name), data.encode("utf-8"), replace=True)
        self.bundled.update(chosen)
        self.memo_changed = False

    def _bundle(self, name: str) -> Path:
        # Named by a digest: a name (a concept id from a caller) never becomes a path.
        digest = hashlib.blake2b(name.encode("utf-8"), digest_size=10).hexdigest()
        return self.folder / "bundles" / f"{digest}.json"

    def _scan(self, blob: str, text: str, *, store: bool = True) -> BlobItems:
        digests = {}
        for entity_id, item in all_items(text).items():
            digest = hashlib.blake2b(item.encode("utf-8"), digest_size=10).hexdigest()
            digests[entity_id] = digest
            if digest not in self.texts:
                self.texts[digest] = item
                if store:
                    path = self.folder / "texts" / digest[:2] / digest[2:]
                    self._store(path, item.encode("utf-8"))
        if store:
            self._store(self._index(blob), json.dumps(digests).encode("ascii"))
        return BlobItems(blob, digests)

    def _keep(self, entry: BlobItems) -> None:
        self.entries[entry.sha] = entry
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)

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
        try:  # a string path: a cold blame asks for every blob, pathlib's joins cost more
            with open(f"{self.folder}/items/{blob[:2]}/{blob[2:]}", "rb") as file:  # noqa: PTH123
                digests = json.loads(file.read())
        except (OSError, ValueError):
            return None
        if not isinstance(digests, dict):
            return None
        texts = self.folder / "texts"
        if not all((texts / d[:2] / d[2:]).is_file() for d in list(digests.values())[:1]):
            return None  # texts were removed: compute again
        return BlobItems(blob, digests)

    @staticmethod
    def _store(path: Path, data: bytes, *, replace: bool = False) -> None:
        try:
            if not replace and path.exists():
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)  # no fsync: a lost entry is computed again
        except OSError:
            pass  # a read-only repository still works, without the disk cache


def _is_outline(value: Any) -> bool:
    """Whether a bundle's outline has a shape a caller keeps: strings, or rows of strings."""
    return isinstance(value, list) and all(
        isinstance(row, str)
        or (isinstance(row, list) and len(row) == 6 and all(isinstance(c, str) for c in row))
        for row in value
    )
