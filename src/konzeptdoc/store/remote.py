"""Sharing through an ordinary git remote: clone, push, pull (with the semantic merge), sync."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from konzeptdoc.errors import (
    KonzeptdocError,
    MergeConflict,
    MergeConflictError,
    RemoteError,
    StoreError,
)
from konzeptdoc.files import yamlio
from konzeptdoc.files.layout import KINDS, concept_from_texts
from konzeptdoc.files.paths import CONCEPTS_DIR
from konzeptdoc.german.glossary import term
from konzeptdoc.store import plumbing
from konzeptdoc.store.gitcmd import Git
from konzeptdoc.store.lock import Journal, repository_lock
from konzeptdoc.store.merge import Resolution, file_entity, merge_files


def clone(url: str, path: str | os.PathLike[str]) -> Path:
    """Clone a repository from `url` (a path, https or ssh address) into `path`; return it.

    `Repository.clone` opens what was cloned as a concept repository.

    Raises:
        RemoteError: The clone failed.
    """
    target = Path(path)
    if url.startswith("-"):
        raise RemoteError(f"„{url}“ ist keine Adresse eines Repositorys")
    target.parent.mkdir(parents=True, exist_ok=True)
    if "://" not in url and Path(url).exists():
        # git runs in the target's parent: a relative path ("." or "../stadt") means the
        # caller's folder, where it was typed (it named another folder, or none, there).
        url = str(Path(url).resolve())
    try:
        Git(target.parent).run("clone", "-q", "--", url, str(target.resolve()))
    except StoreError as exc:
        raise RemoteError(f"{url} kann nicht geklont werden: {exc.message}") from exc
    return target


def _check_remote(git: Git, remote: str) -> None:
    if not remote or remote.startswith("-"):
        raise RemoteError(f"„{remote}“ ist kein Name eines entfernten Repositorys")
    names = git.run("remote").split()
    if remote not in names and not any(c in remote for c in "/:\\"):  # a name, not an address
        known = ", ".join(f"„{n}“" for n in names) or "keines"
        raise RemoteError(
            f"Ein entferntes Repository „{remote}“ ist nicht eingerichtet (eingerichtet: "
            f"{known}): mit „git remote add {remote} ADRESSE“ einrichten oder das Repository "
            "mit „konzeptdoc clone ADRESSE ORDNER“ holen"
        )


def push(git: Git, remote: str = "origin") -> str:
    """Push the current branch and its release tags; return what happened, in German
    ("übertragen nach „origin“, mit Beschluss ik/2026-03-19").

    Raises:
        RemoteError: The remote refused (e.g. it has revisions we lack: pull first).
    """
    _check_remote(git, remote)
    branch = plumbing.current_branch(git)
    try:
        porcelain = git.run(
            "push", *_local_receive(git, remote), "--porcelain", "--follow-tags", remote,
            f"{branch}:{branch}",
        )  # fmt: skip
    except StoreError as exc:
        hint = (
            " – zuerst „konzeptdoc pull“ ausführen"
            if "abgelehnt, weil das entfernte Repository neuere Versionen hat" in exc.message
            else ""
        )
        raise RemoteError(
            f"Hochladen nach „{remote}“ ist fehlgeschlagen{hint}: {exc.message}"
        ) from exc
    return _pushed(remote, porcelain)


def _local_receive(git: Git, remote: str) -> list[str]:
    """``--receive-pack`` for a remote that is a folder on this machine, or nothing.

    git starts the receiving side in that repository (a shared drive, or a "server"
    mailed along with the repository) with that repository's config, and passes
    konzeptdoc's ``-c`` settings not on: its hooks, alternateRefsCommand, fsmonitor and the
    filters of an ``updateInstead`` checkout ran. The receiving git gets the settings
    konzeptdoc gives its own calls there. Over ssh or https the server runs its own
    programs, its business and not this machine's.
    """
    address = remote
    if not any(c in remote for c in "/:\\"):  # a name: where it pushes to
        address = git.run("remote", "get-url", "--push", remote).strip()
    scheme, _, rest = address.partition("://")
    # As git tells them: host:path (scp-like) is ssh, C:\\… a Windows drive.
    drive = len(address) > 2 and address[1] == ":" and address[2] in "/\\"
    if (rest and scheme != "file") or (not rest and not drive and ":" in address.split("/", 1)[0]):
        return []
    folder = git.root / (unquote(rest) if rest else address)
    settings = Git(folder).overrides() if folder.is_dir() else []
    settings += ["-c", "core.alternateRefsCommand="]
    command = " ".join(shlex.quote(word) for word in (git.executable, *settings))
    return [f"--receive-pack={command} receive-pack"]


def _pushed(remote: str, porcelain: str) -> str:
    """git's porcelain lines ("<flag>\t<from>:<to>\t<summary>"), told in German (they
    were returned as they are: "To …", "[up to date]", "Done")."""
    from konzeptdoc.german.glossary import plural

    rows = [line.split("\t") for line in porcelain.splitlines() if line[1:2] == "\t"]
    tags = [row[1].partition(":")[2].removeprefix("refs/tags/") for row in rows
            if row[0] == "*" and row[1].partition(":")[2].startswith("refs/tags/")]  # fmt: skip
    if not tags and all(row[0] == "=" for row in rows):
        return f"„{remote}“ ist schon auf dem neuesten Stand"
    with_tags = f", mit {plural(len(tags), 'decision')} {', '.join(tags)}" if tags else ""
    return f"übertragen nach „{remote}“{with_tags}"


def pull(
    git: Git,
    git_dir: Path,
    remote: str = "origin",
    *,
    resolution: Resolution | None = None,
    author: str | None = None,
) -> str:
    """Fetch and bring the remote's revisions in: fast-forward, or a semantic merge commit.

    Returns what happened, in German ("von „origin“ gibt es nichts Neues", "auf den Stand
    von „origin“ gebracht (…)", "… zusammengeführt: Revision …").

    Raises:
        RemoteError: Fetching failed.
        MergeConflictError: The same key of the same entity changed on both sides; nothing
            was changed. Resolve per entity with `resolution` (ours/theirs).
        DirtyWorkingTreeError: Uncommitted changes would be overwritten.
    """
    _check_remote(git, remote)
    branch = plumbing.current_branch(git)
    try:
        git.run("fetch", "-q", "--tags", remote, branch)
    except StoreError as exc:
        raise RemoteError(f"Abrufen von „{remote}“ ist fehlgeschlagen: {exc.message}") from exc
    theirs = git.rev_parse("FETCH_HEAD")
    with repository_lock(git_dir):
        plumbing.recover(git, git_dir)
        ours = plumbing.head(git)
        if ours is None:
            raise StoreError(
                "Der lokale Branch hat noch keine Commits: stattdessen das entfernte Repository "
                "klonen"
            )
        if ours == theirs or plumbing.is_ancestor(git, theirs, ours):
            return f"von „{remote}“ gibt es nichts Neues"
        plumbing.check_clean(git, ".")
        if plumbing.is_ancestor(git, ours, theirs):
            changes = _worktree_changes(git, ours, theirs)
            plumbing.advance(git, git_dir, Journal(branch, ours, theirs, CONCEPTS_DIR, changes))
            return f"auf den Stand von „{remote}“ gebracht ({theirs[:7]})"
        base = git.run("merge-base", ours, theirs).strip()
        commits = (base, ours, theirs)
        merged = _merge(git, git_dir, commits, resolution or Resolution(), branch, author)
        return (
            f"die Revisionen von „{remote}“ ({theirs[:7]}) mit den eigenen ({ours[:7]}) "
            f"zusammengeführt: Revision {merged[:7]}"
        )


def _worktree_changes(git: Git, old: str, new: str) -> dict[str, str | None]:
    changed = plumbing.changed_paths(git, old, new).items()
    return {path: None if blob is None else _text(git, blob, "utf-8") for path, blob in changed}


_FILE_KINDS = {
    "concept.yaml": "concept",
    "participation.yaml": "participation",
    "submission.yaml": "submission",
}


def _kind_of(path: str) -> str | None:
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != CONCEPTS_DIR or not path.endswith(".yaml"):
        return "settings" if path == "konzeptdoc.yaml" else None
    rest = "/".join(parts[2:])
    if rest.startswith("fields/"):
        return "field"
    return _FILE_KINDS.get(rest)


def _merge(
    git: Git,
    git_dir: Path,
    commits: tuple[str, str, str],
    resolution: Resolution,
    branch: str,
    author: str | None,
) -> str:
    """Merge `theirs` into `ours` (commits: base, ours, theirs) by data; the merge commit."""
    base, ours, theirs = commits
    result = _merged_files(git, base, ours, theirs, resolution)
    _validate_merge(git, ours, result)
    message = f"{theirs[:7]} zusammengeführt (konzeptdoc, inhaltlich)"
    new = plumbing.commit_files(
        git, git_dir, result, ours, message=message, author=author, date=None
    )
    merge_commit = plumbing.commit_tree(
        git,
        git.run("rev-parse", f"{new}^{{tree}}").strip(),
        ours,
        message=f"{theirs[:7]} in {branch} zusammengeführt (konzeptdoc)",
        author=author,
        date=None,
        extra_parents=[theirs],
    )
    plumbing.advance(git, git_dir, Journal(branch, ours, merge_commit, CONCEPTS_DIR, result))
    return merge_commit


def _merged_files(
    git: Git, base: str, ours: str, theirs: str, resolution: Resolution
) -> dict[str, str | None]:
    """path → merged text (None: removed) of every file they changed.

    Raises:
        MergeConflictError: Some key changed differently on both sides.
    """
    our_changes = plumbing.changed_paths(git, base, ours)
    their_changes = plumbing.changed_paths(git, base, theirs)
    base_blobs = git.ls_tree(base, ".")
    result: dict[str, str | None] = {}
    conflicts: list[MergeConflict] = []
    for path, their_blob in their_changes.items():
        if path not in our_changes:  # only they changed it: take theirs
            result[path] = None if their_blob is None else _text(git, their_blob)
            continue
        our_blob = our_changes[path]
        if our_blob == their_blob:  # both made the same change
            continue
        if _kind_of(path) is None:
            conflicts.append(MergeConflict(path, "Datei", "(ganze Datei)", "geändert", "geändert"))
            continue
        data = [_data(git, blob) for blob in (base_blobs.get(path), our_blob, their_blob)]
        relative = path.split("/", 2)[2] if path.startswith(CONCEPTS_DIR + "/") else path
        base_data, our_data, their_data = (
            {relative: value} if value is not None else {} for value in data
        )
        merged, found = merge_files(base_data, our_data, their_data, _for_file(resolution, path))
        conflicts += [_in_concept(c, path) for c in found]
        if relative not in merged:
            result[path] = None
            continue
        result[path] = _written(git, path, our_blob, their_blob, merged[relative])
    if conflicts:
        raise MergeConflictError(conflicts)
    return result


def _for_file(resolution: Resolution, path: str) -> Resolution:
    """The resolution for one file: for concept.yaml the concept's id stands for its keys."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] != CONCEPTS_DIR or parts[2] != "concept.yaml":
        return resolution
    concept = parts[1]
    return Resolution(
        [*resolution.ours, *(["concept"] if concept in resolution.ours else [])],
        [*resolution.theirs, *(["concept"] if concept in resolution.theirs else [])],
    )


def _in_concept(conflict: MergeConflict, path: str) -> MergeConflict:
    parts = path.split("/")
    file = path  # the file as it lies in the repository (was "ik/concept": no file's name)
    entity = conflict.entity
    # concept.yaml's own keys: the merge resolves them as "concept"; people name the concept
    if entity == file_entity("concept") and len(parts) > 2:
        entity = f"{term('concept').singular} {parts[1]}"
    return MergeConflict(file, entity, conflict.key, conflict.ours, conflict.theirs)


def _text(git: Git, blob: str, encoding: str = "utf-8-sig") -> str:
    return git.blob_bytes(blob).decode(encoding)


def _data(git: Git, blob: str | None) -> Any:
    if blob is None:
        return None
    text = _text(git, blob)  # one over the size cap is refused, not taken as removed
    try:
        return yamlio.load(text)
    except KonzeptdocError:
        return None


def _written(git: Git, path: str, our_blob: str | None, their_blob: str | None, data: Any) -> str:
    """The merged data as text, edited into our file so its comments and layout stay."""
    source = our_blob or their_blob
    assert source is not None
    text = _text(git, source)
    tree = yamlio.load_roundtrip(text)
    kind = _kind_of(path) or "concept"
    order = list(KINDS[kind][0].model_fields)
    tree, _ = yamlio.merge(tree, data, order)
    return yamlio.dump_roundtrip(tree, yamlio.guess_indent(text), nulls=yamlio.null_word(text))


def _validate_merge(git: Git, ours: str, result: dict[str, str | None]) -> None:
    """The merged concepts must validate: a measure may point at a goal the other side removed."""
    concepts = {p.split("/")[1] for p in result if p.startswith(CONCEPTS_DIR + "/")}
    problems = []
    for concept_id in sorted(concepts):
        folder = f"{CONCEPTS_DIR}/{concept_id}"
        texts = {rel: _text(git, blob) for rel, blob in git.ls_tree(ours, folder).items()}
        for path, text in result.items():
            if path.startswith(folder + "/"):
                relative = path[len(folder) + 1 :]
                if text is None:
                    texts.pop(relative, None)
                else:
                    texts[relative] = text
        if "concept.yaml" not in texts:
            continue
        _, found = concept_from_texts(Path(folder), texts)
        problems += [p for p in found if p.severity == "error"]
    if problems:
        raise MergeConflictError(
            [
                MergeConflict(str(p.file), p.field_path or "Datei", "", p.message, None)
                for p in problems
            ]
        )
