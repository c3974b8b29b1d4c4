"""Reading committed files: concepts and settings as they are at a commit.

Files are read as blobs, never from the working tree, and their parse is cached by blob
id, so revisions that share a file share its parse; a commit's tree listing never changes
and is cached by commit.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

from konzeptdoc.errors import UnknownConceptError, ValidationError
from konzeptdoc.files import yamlio
from konzeptdoc.files.layout import ConceptSource, concept_from_texts
from konzeptdoc.files.paths import CONCEPTS_DIR, SETTINGS_FILE
from konzeptdoc.model import Concept, Settings
from konzeptdoc.store.gitcmd import Git


class ParseCache:
    """Texts and raw data of blobs by blob id (least recently used out first).

    Raw data is never handed out: every load validates it into fresh model objects, so
    callers can change what they load without touching the cache.
    """

    def __init__(self, git: Git, size: int = 512) -> None:
        self.git = git
        self.size = size
        self.texts: OrderedDict[str, str] = OrderedDict()
        self.items: dict[str, Any] = {}
        #: Blobs that start with a byte order mark.
        self.marked: set[str] = set()

    def text(self, sha: str, path: Path | None = None, *, bom: bool = False) -> str:
        """The text of a blob (`path` names it in errors; with `bom`, a byte order mark the
        blob starts with stays in the text, as "\\ufeff", for a save to keep it).

        Raises:
            FileTooLargeError: The blob is larger than a concept data file may be.
        """
        if sha in self.texts:
            self.texts.move_to_end(sha)
            return (yamlio.BOM if bom and sha in self.marked else "") + self.texts[sha]
        data = self.git.blob_bytes(sha, path)
        if data.startswith(yamlio.BOM.encode()):
            self.marked.add(sha)
        text = data.decode("utf-8-sig")
        self.texts[sha] = text
        if len(self.texts) > self.size:
            old, _ = self.texts.popitem(last=False)
            self.items.pop(old, None)
        return (yamlio.BOM if bom and sha in self.marked else "") + text

    def load(self, sha: str, text: str, path: Path) -> Any:
        """The YAML data of a blob whose text is `text` (`path` names it in errors)."""
        if sha not in self.items:
            self.items[sha] = yamlio.load(text, path)
        return self.items[sha]


class CommittedFiles:
    """Concepts and settings at a commit, read from git's objects."""

    def __init__(self, git: Git) -> None:
        self.git = git
        self.parses = ParseCache(git)
        self.trees: dict[str, dict[str, str]] = {}

    def has_read(self, sha: str) -> bool:
        """Whether a commit starting with `sha` was read from already (so it exists)."""
        return any(key.startswith(sha) for key in self.trees)

    def listing(self, sha: str, path: str) -> dict[str, str]:
        """path below `path` → blob id, at commit `sha`."""
        key = f"{sha}:{path}"
        if key not in self.trees:  # a commit's tree never changes: cache it
            self.trees[key] = self.git.ls_tree(sha, path)
        return self.trees[key]

    def concept_ids(self, sha: str) -> list[str]:
        """The ids of the concepts at commit `sha`, sorted."""
        listing = self.listing(sha, CONCEPTS_DIR)
        names = {name.split("/", 1)[0] for name in listing}
        return sorted(n for n in names if f"{n}/concept.yaml" in listing)

    def settings(self, sha: str) -> Settings | None:
        """konzeptdoc.yaml at commit `sha` (None if it does not validate)."""
        listing = self.listing(sha, SETTINGS_FILE)
        if SETTINGS_FILE not in listing:
            return None
        blob = listing[SETTINGS_FILE]
        try:
            return Settings.model_validate(
                self.parses.load(blob, self.parses.text(blob), Path(SETTINGS_FILE))
            )
        except Exception:
            return None

    def concept(self, concept_id: str, sha: str, *, root: Path) -> Concept:
        """The concept at commit `sha` (`root` names the repository in errors).

        Raises:
            UnknownConceptError: The concept does not exist at that commit.
            ValidationError: The committed files have errors.
        """
        folder = f"{CONCEPTS_DIR}/{concept_id}"
        blobs = self.listing(sha, folder)
        if "concept.yaml" not in blobs:
            known = ", ".join(self.concept_ids(sha)) or "keines"
            hint = (  # made with `new`, never committed: say what brings it into a version
                "; es liegt im Arbeitsverzeichnis, ist aber noch nicht committet "
                "(„konzeptdoc commit -m …“)"
                if (root / folder / "concept.yaml").is_file()
                else ""
            )
            raise UnknownConceptError(
                f"In Revision {sha[:7]} gibt es kein Konzept „{concept_id}“ "
                f"(vorhanden: {known}){hint}",
                path=root,
            )
        label = Path(folder)
        texts = {rel: self.parses.text(blob, label / rel) for rel, blob in blobs.items()}

        def cached(text: str, path: Path) -> Any:
            return self.parses.load(blobs[path.relative_to(label).as_posix()], text, path)

        concept, problems = concept_from_texts(
            label, texts, settings=self.settings(sha), load=cached, warnings=False
        )
        if concept is None:
            raise ValidationError(problems, path=label)
        assert isinstance(concept.origin, ConceptSource)
        concept.origin.revision = sha
        return concept
