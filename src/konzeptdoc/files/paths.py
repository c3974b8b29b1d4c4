"""Where things are in a concept repository: file and folder names, the root, the concept
folders; the refusal of symbolic links in concept data and of files over the size cap."""

from __future__ import annotations

from pathlib import Path

from konzeptdoc.errors import FileTooLargeError, Problem, UnsafePathError

SETTINGS_FILE = "konzeptdoc.yaml"
CONCEPTS_DIR = "concepts"
CONCEPT_FILE = "concept.yaml"
FIELDS_DIR = "fields"
PARTICIPATION_FILE = "participation.yaml"
SUBMISSION_FILE = "submission.yaml"
#: The largest concept data file konzeptdoc reads (bytes). The generated 1,200-measure test
#: concept's largest file is 79 KB (1 MB in 15 files): 8 MB is a hundred times that, and
#: bounds what a hostile file costs (50 MB of YAML took 9 s and 300 MB of memory).
MAX_FILE_BYTES = 8 * 1024 * 1024


def find_root(start: Path) -> tuple[Path | None, Path | None]:
    """(repository root, concept folder) that `start` is in or at; either may be None."""
    start = start.resolve() if start.exists() else start
    concept_dir: Path | None = None
    for candidate in [start, *start.parents]:
        if concept_dir is None and (candidate / CONCEPT_FILE).is_file():
            concept_dir = candidate
        if (candidate / SETTINGS_FILE).is_file():
            return candidate, concept_dir
    return None, concept_dir


def concept_dirs(root: Path) -> list[Path]:
    """Every concept folder of a repository, sorted by id."""
    base = root / CONCEPTS_DIR
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def symlink_problems(folder: Path) -> list[Problem]:
    """An error for each symbolic link in a concept folder and its fields/ folder.

    konzeptdoc follows no link in concept data, not even one that stays inside the
    repository: it could be changed to lead out, and git commits it as a link.
    """
    if folder.parent.name == CONCEPTS_DIR and folder.is_symlink():  # concepts/<id> itself
        return [Problem("error", folder, None, "", symlink_message(folder))]
    entries: list[Path] = []
    for directory in (folder, folder / FIELDS_DIR):
        if directory.is_dir() and (directory == folder or not directory.is_symlink()):
            entries += sorted(directory.iterdir())
    return [
        Problem("error", path, None, "", symlink_message(path))
        for path in entries
        if path.is_symlink()
    ]


def symlink_message(path: Path) -> str:
    """What to say about a symbolic link in concept data (with where it points)."""
    try:
        target = f" (auf {path.readlink()})"
    except OSError:
        target = ""
    return (
        f"ist ein symbolischer Verweis{target}: konzeptdoc folgt keinen Verweisen in "
        "Konzeptdaten. Bitte die Datei selbst an diese Stelle legen oder den Verweis löschen"
    )


def refuse_symlinks(folder: Path) -> None:
    """Raise for the first symbolic link in a concept folder (before writing into it).

    Raises:
        UnsafePathError: A file or folder of the concept is a link.
    """
    inside = [folder] if folder.parent.name == CONCEPTS_DIR else []  # a repository's folder
    for directory in (*inside, folder / FIELDS_DIR):
        if directory.is_symlink():
            raise UnsafePathError(symlink_message(directory), path=directory)
    problems = symlink_problems(folder)
    if problems:
        raise UnsafePathError(problems[0].message, path=problems[0].file)


def other_ending(folder: Path, field_id: str) -> str:
    """A hint when a listed field's file is there under a name konzeptdoc does not read
    (``.yml``, ``.YAML``): people save it so, and then read "fehlt" without seeing why."""
    fields = folder / FIELDS_DIR
    names = sorted(p.name for p in fields.iterdir()) if fields.is_dir() else []
    for name in names:
        stem, _, ending = name.rpartition(".")
        if stem == field_id and ending != "yaml" and ending.lower() in ("yml", "yaml"):
            return f" (es gibt {FIELDS_DIR}/{name}: die Datei in {field_id}.yaml umbenennen)"
    return ""


def unread_files(folder: Path) -> list[tuple[Path, str]]:
    """Files of a concept folder that konzeptdoc never reads for their ending
    (participation.yml, fields/bildung.YAML): what is in them is missing, unsaid, from every
    check and document – a warning names each with the name to give it."""
    found: list[tuple[Path, str]] = []
    own = (CONCEPT_FILE, PARTICIPATION_FILE, SUBMISSION_FILE)
    for directory, names in ((folder, own), (folder / FIELDS_DIR, None)):
        if not directory.is_dir() or directory.is_symlink():
            continue
        for path in sorted(directory.iterdir()):
            stem, dot, ending = path.name.rpartition(".")
            wanted = f"{stem}.yaml"
            if not dot or ending == "yaml" or ending.lower() not in ("yml", "yaml"):
                continue
            if names is None or wanted in names:
                found.append((path, f"Die Datei {path.name} wird nicht gelesen: konzeptdoc "
                                    f"liest nur Dateien mit der Endung „.yaml“; in {wanted} "
                                    "umbenennen"))  # fmt: skip
    return found


def check_size(size: int, path: Path | None, revision: str = "") -> None:
    """Refuse a concept data file of `size` bytes if it is over the cap.

    Raises:
        FileTooLargeError: `size` is over `MAX_FILE_BYTES`.
    """
    if size > MAX_FILE_BYTES:
        raise too_large(size, path, revision)


def too_large(size: int, path: Path | None, revision: str = "") -> FileTooLargeError:
    """The error for a file of `size` bytes, over the cap (`revision`: where in the history
    a committed one came in, e.g. ``Version 1a2b3c4 „Titel“``)."""
    source = f" (eingecheckt mit {revision})" if revision else ""
    return FileTooLargeError(
        f"Die Datei ist {_megabytes(size)} groß{source}; konzeptdoc liest Konzeptdateien "
        f"nur bis {_megabytes(MAX_FILE_BYTES)}. Bitte die Datei prüfen (sie wurde nicht "
        "gelesen)",
        path=path,
    )


def _megabytes(size: int) -> str:
    # Rounded up: a file just over the cap must not read as exactly the cap.
    tenths = -(-size * 10 // (1024 * 1024))
    whole, tenth = divmod(tenths, 10)
    return f"{whole} MB" if not tenth else f"{whole},{tenth} MB"
