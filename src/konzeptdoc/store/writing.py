"""Writing a concept repository: a new one, a saved concept, a committed working tree.

Saving is validate → lock → compare-and-swap commit → working tree; see `lock` for why a
killed save never hurts.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from konzeptdoc.errors import ConflictError, StoreError
from konzeptdoc.files import yamlio
from konzeptdoc.files.paths import CONCEPTS_DIR, SETTINGS_FILE, find_root
from konzeptdoc.files.save import render_files, write_atomically
from konzeptdoc.files.schema import write_schemas
from konzeptdoc.model import Concept, Settings
from konzeptdoc.store import plumbing
from konzeptdoc.store.gitcmd import Git, initial_branch
from konzeptdoc.store.lock import Journal, repository_lock
from konzeptdoc.store.snapshot import CommittedFiles


def scaffold(root: Path, *, municipality: str, state: str | None) -> Git:
    """Lay out a new concept repository's files at `root` (git init if need be); its Git.

    Raises:
        StoreError: `root` already holds a concept repository.
    """
    if (root / SETTINGS_FILE).exists():
        raise StoreError(
            f"{SETTINGS_FILE} ist schon vorhanden: hier ist bereits ein Konzept-Repository",
            path=root,
        )
    outer, _ = find_root(root.absolute().parent)
    if outer is not None:  # git would see a repository inside the city's as a foreign body
        raise StoreError(
            f"Hier liegt schon das Konzept-Repository {outer}: ein neues Konzept legt darin "
            "„konzeptdoc new KENNUNG --title …“ an; ein eigenes Repository gehört in einen "
            "Ordner außerhalb",
            path=root,
        )
    Settings(municipality=municipality, state=state)  # validates the values
    root.mkdir(parents=True, exist_ok=True)
    git = Git(root)
    if not (root / ".git").exists():
        git.run("init", "-q", f"--initial-branch={initial_branch()}")
    lines = [
        "# yaml-language-server: $schema=schemas/konzeptdoc.schema.json",
        "schema_version: 1",
        f"municipality: {yamlio.dump_scalar(municipality)}",
    ]
    if state:
        lines.append(f"state: {yamlio.dump_scalar(state)}")
    write_atomically(root / SETTINGS_FILE, "\n".join(lines) + "\n")
    write_schemas(root / "schemas")
    (root / CONCEPTS_DIR).mkdir(exist_ok=True)
    _ignore_built_documents(root / GITIGNORE)
    return git


GITIGNORE = ".gitignore"
# Built documents are made again from the data at any revision: in git they would only go
# stale and bloat every clone. Office lock files appear beside a document while it is open.
IGNORED = """\
# Von konzeptdoc erzeugte Dokumente gehören nicht ins Repository: sie entstehen jederzeit
# neu aus den Daten („konzeptdoc build“, auch für frühere Fassungen mit --rev).
*.docx
*.pdf
*.odt
*.html
/build/
/ausgabe/
/dokumente/
# Sperrdateien von Word und LibreOffice, solange ein Dokument geöffnet ist
~$*
.~lock.*#
"""


def _ignore_built_documents(path: Path) -> None:
    """Write .gitignore, or add konzeptdoc's lines to one the user keeps already."""
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    kept = set(existing.splitlines())
    # The user's own lines stay as they are; of ours only what is missing is added.
    added = [line for line in IGNORED.splitlines() if line.startswith("#") or line not in kept]
    if all(line.startswith("#") for line in added):
        return
    separator = "" if not existing or existing.endswith("\n") else "\n"
    block = "\n".join(added) + "\n"
    write_atomically(path, existing + separator + ("\n" if existing else "") + block)


def said(message: str) -> None:
    """Refuse a revision without a message, as git does (and as `commit -m ""` is refused):
    `log` would show a blank line for it forever.

    Raises:
        StoreError: The message is empty or only blanks.
    """
    if not message.strip():
        raise StoreError(
            "Die Nachricht der Revision darf nicht leer sein: in einem Satz sagen, was sich "
            "geändert hat"
        )


def save_concept(
    git: Git,
    git_dir: Path,
    committed: CommittedFiles,
    concept: Concept,
    *,
    started: str | None,
    message: str,
    author: str | None,
    date: dt.datetime | str | None,
) -> tuple[str | None, bool]:
    """Commit the concept's changed files and write them; (the branch's commit, changed).

    Raises:
        ConflictError: The branch is no longer at `started`, or `started` is None while the
            concept exists at the branch's head and would change (its base is unknown).
        DirtyWorkingTreeError: The concept's files have uncommitted changes.
        DetachedHeadError: HEAD is not on a branch.
    """
    said(message)
    folder = f"{CONCEPTS_DIR}/{concept.id}"
    branch = plumbing.current_branch(git)
    with repository_lock(git_dir):
        plumbing.recover(git, git_dir)
        head = plumbing.head(git)
        if started is not None and head != started:
            raise ConflictError(
                f"das Konzept „{concept.id}“ beruht auf Revision {started[:7]}, aber der Zweig "
                f"„{branch}“ steht inzwischen auf {(head or '')[:7]}: neu laden (Repository.load), "
                "die Änderung darauf anwenden und erneut speichern",
                expected=started,
                actual=head or "",
            )
        existing, existing_data = _committed_files(committed, head, folder)
        schemas = "../../schemas" if (git.root / "schemas").is_dir() else None
        changes = render_files(
            concept, existing, schema_prefix=schemas, existing_data=existing_data
        )
        if started is None and existing and changes:
            raise ConflictError(
                f"das Konzept „{concept.id}“ trägt keine Revision, auf der es beruht (es wurde "
                "nicht mit Repository.load geladen): Speichern könnte Änderungen überschreiben, "
                "die andere seither gespeichert haben. Die Revision angeben, von der die Daten "
                "stammen – save(..., base=SHA), z. B. base=repository.head() vor dem Aufbau –, "
                "oder das Konzept mit Repository.load laden und darin ändern",
                expected="",
                actual=head or "",
            )
        plumbing.check_clean(git, folder)
        if not changes:
            return head, False
        paths: dict[str, str | None] = {f"{folder}/{rel}": text for rel, text in changes.items()}
        new = plumbing.commit_files(
            git, git_dir, paths, head, message=message, author=author, date=date
        )
        plumbing.advance(git, git_dir, Journal(branch, head or "", new, folder, paths))
    return new, True


def _committed_files(
    committed: CommittedFiles, head: str | None, folder: str
) -> tuple[dict[str, str], dict[str, Any]]:
    """The texts of the folder's files at `head`, and the parsed data of those parsed before.

    The data is cached by blob id (a load already parsed most of them): it lets unchanged
    files be skipped without parsing them again.
    """
    blobs = {} if head is None else committed.listing(head, folder)
    texts = {rel: committed.parses.text(blob, bom=True) for rel, blob in blobs.items()}
    data = {
        rel: committed.parses.items[b] for rel, b in blobs.items() if b in committed.parses.items
    }
    return texts, data


def commit_worktree(
    git: Git,
    git_dir: Path,
    *,
    message: str,
    author: str | None,
    date: dt.datetime | str | None,
    allow_empty: bool,
) -> str | None:
    """Commit the working tree's concept files (validated by the caller); the new commit.

    None when nothing changed and `allow_empty` is false.
    """
    said(message)
    branch = plumbing.current_branch(git)
    with repository_lock(git_dir):
        head = plumbing.head(git)
        paths = [
            p
            for p in (SETTINGS_FILE, CONCEPTS_DIR, "schemas", GITIGNORE)
            if (git.root / p).exists()
        ]
        git.run("add", "-A", "--", *paths)
        # Concept data a .gitignore or .git/info/exclude of the repository hides (a mailed
        # repository's "concepts/neu/") is data all the same: `commit` said "nothing to
        # commit" and the new concept never reached the index, the server or a colleague.
        hidden = git.run_bytes(
            "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--",
            SETTINGS_FILE, CONCEPTS_DIR,
        )  # fmt: skip
        data = [os.fsdecode(n) for n in hidden.split(b"\0") if n.endswith((b".yaml", b".yml"))]
        if data:
            git.run("add", "-f", "--", *data)
        tree = git.run("write-tree").strip()
        unchanged = head is not None and tree == git.run("rev-parse", f"{head}^{{tree}}").strip()
        if unchanged and not allow_empty:
            return None
        new = plumbing.commit_tree(git, tree, head, message=message, author=author, date=date)
        plumbing.update_ref(git, branch, new, head)
    return new
