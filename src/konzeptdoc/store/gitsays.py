"""What git's error output means, told in German.

konzeptdoc runs git with ``LC_ALL=C``, so git explains a failure in English. A person
gets a German sentence chosen by a phrase that identifies the kind of failure; git's own
last line is added, marked as git's, only where no phrase matched (it is what a helper at
the IT department needs then).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A config file git cannot read (a repository's .git/config, or a file it includes): where.
_BAD_CONFIG = re.compile(
    r"bad config line (?P<line>\d+) in file (?P<file>[^\n]+)"
    r"|bad (?:numeric |boolean )?config value '[^'\n]*' for '(?P<key>[^'\n]+)'"
    r"(?: in file (?P<in>[^\n:]+))?"
)

_LOCK_FILE = re.compile(r"Unable to create '(?P<file>[^'\n]+\.lock)': File exists", re.I)

# (phrases in git's output, what they mean); the first match wins.
_MEANINGS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("rejected", "fetch first", "non-fast-forward"),
     "abgelehnt, weil das entfernte Repository neuere Versionen hat"),
    (("could not resolve host", "unable to access", "connection refused", "timed out",
      "network is unreachable"),
     "der Server ist nicht erreichbar: Adresse und Netzverbindung prüfen"),
    (("no space left", "out of diskspace", "disk quota exceeded"),
     "kein Speicherplatz frei: auf dem Datenträger Platz schaffen, dann erneut versuchen"),
    (("insufficient permission", "unable to write", "read-only file system",
      ".lock': permission denied"),
     "git kann nicht ins Repository schreiben (keine Schreibrechte oder schreibgeschützt): "
     "die Berechtigungen des Ordners .git prüfen"),
    (("authentication failed", "could not read username", "permission denied",
      "access denied", "returned error: 403"),
     "der Zugang wurde abgelehnt: Benutzername, Kennwort oder Schlüssel prüfen"),
    (("repository not found", "does not appear to be a git repository", "not found",
      "does not exist"),
     "dort ist kein git-Repository: die Adresse prüfen"),
    (("already exists and is not an empty directory",),
     "der Zielordner ist schon vorhanden und nicht leer"),
    (("couldn't find remote ref",),
     "den Branch gibt es im entfernten Repository nicht"),
    (("index.lock", ".lock': file exists"),
     "eine Sperrdatei von git ist im Weg: läuft noch ein anderer git-Befehl?"),
)  # fmt: skip


def config_broken(stderr: str) -> bool:
    """Whether git failed because a config file it reads is broken (`meaning` says where)."""
    return _BAD_CONFIG.search(stderr) is not None


def meaning(stderr: str) -> str:
    """A German account of git's error output (never empty)."""
    bad = _BAD_CONFIG.search(stderr)
    if bad:
        if bad["file"]:
            where = f"{bad['file'].strip()}, Zeile {bad['line']}"
        else:
            where = f"Einstellung {bad['key']}" + (f" in {bad['in']}" if bad["in"] else "")
        return (
            f"die git-Einstellungen sind fehlerhaft ({where}): .git/config des Repositorys "
            "prüfen und was es einbindet (ein Repository aus einem Archiv kann sie so "
            "mitbringen)"
        )
    lock = _LOCK_FILE.search(stderr)
    if lock:  # left behind by a git that crashed, it blocks every later command: say where
        return (
            "eine Sperrdatei von git ist im Weg: läuft noch ein anderer git-Befehl? Wenn "
            f"keiner mehr läuft (etwa nach einem Absturz), die Datei {lock['file']} löschen"
        )
    lower = stderr.lower()
    for phrases, german in _MEANINGS:
        if any(phrase in lower for phrase in phrases):
            return german
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    said = next((line for line in reversed(lines) if line.startswith(("fatal:", "error:"))), "")
    said = said or (lines[-1] if lines else "")
    return "git meldet einen Fehler" + (f" (Meldung von git: {said[:200]})" if said else "")


_DATE_SHAPE = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{2,4})$")


def unknown_revision(revision: str, tags: Sequence[str]) -> str:
    """What to say of a `revision` that names no commit, given the repository's tags."""
    # No option named here: diff, history, blame and release have no --as-of.
    hint = (
        "; ein Datum nennt keine Revision (den an einem Tag gültigen Stand zeigen "
        "„show“ und „build“ mit --as-of)"
        if _DATE_SHAPE.match(revision.strip())
        else ""
    )
    # "2020-07-09" for the release "integrationskonzept/2020-07-09": named outright.
    meant = [tag for tag in tags if tag.rsplit("/", 1)[-1] == revision.strip()]
    if meant:
        hint = f"; gemeint ist wohl {' oder '.join(f'„{tag}“' for tag in meant[:3])}"
    return (
        f"Unbekannte Revision „{revision}“: eine Commit-Kennung, einen Zweig oder den "
        "Namen eines Beschlusses angeben („konzeptdoc log“ und „konzeptdoc releases“ "
        f"listen sie auf){hint}"
    )
