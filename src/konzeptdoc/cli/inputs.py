"""What people type on the command line, read as they mean it – or refused in German.

Each function is an argparse ``type=``: a value it refuses becomes a usage error (exit
status 2) naming the option, before anything is read or written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path

# Hyphen, the dashes people type or paste (en, em, figure dash, minus) and the words.
# The end may be written short, as people write it: "2027-31", "2027–31".
_RANGE = re.compile(r"^\s*(\d{4})\s*(?:[-‐‑‒–—−/]|bis)\s*(\d{4}|\d{2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_GERMAN_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


def year_range(text: str) -> tuple[int, int]:
    """ "2027-2031", "2027–2031", "2027-31", "2027 bis 2031" or "2027" → (start, end)."""
    match = _RANGE.match(text) or _YEAR.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist keine Laufzeit: zwei Jahreszahlen wie 2027-2031 oder ein Jahr"
        )
    start = int(match.group(1))
    written = match.group(match.lastindex or 1)
    end = int(written) if len(written) == 4 else start // 100 * 100 + int(written)
    if start > end:
        raise argparse.ArgumentTypeError(
            f"„{text}“: die Laufzeit beginnt {start}, nach ihrem Ende {end}"
        )
    if start < 1900 or end > 2200:  # the format's years: said here, not of unwritten files
        raise argparse.ArgumentTypeError(
            f"„{text}“: die Laufzeit muss zwischen 1900 und 2200 liegen"
        )
    return start, end


def date(text: str) -> str:
    """A calendar date as YYYY-MM-DD; "19.03.2026" (as Germans write it) is accepted too."""
    german = _GERMAN_DATE.match(text)
    candidate = (
        f"{german.group(3)}-{int(german.group(2)):02d}-{int(german.group(1)):02d}"
        if german
        else text.strip()
    )
    try:
        return dt.date.fromisoformat(candidate).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist kein gültiges Datum: JJJJ-MM-TT (2026-03-19) oder TT.MM.JJJJ"
        ) from None


def timestamp(text: str) -> str:
    """A date, or a date with time (ISO 8601, e.g. 2026-03-19T10:30:00+01:00)."""
    try:
        return date(text)
    except argparse.ArgumentTypeError:
        pass
    try:
        return dt.datetime.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist kein gültiges Datum: JJJJ-MM-TT, TT.MM.JJJJ oder JJJJ-MM-TTThh:mm:ss"
        ) from None


def identifier(text: str) -> str:
    """A new id: lowercase letters, digits and hyphens, starting with a letter."""
    if _ID.match(text) is None:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist keine gültige Kennung: Kleinbuchstaben, Ziffern und Bindestriche, "
            "beginnend mit einem Buchstaben, höchstens 64 Zeichen (z. B. integrationskonzept)"
        )
    return text


def choice(names: dict[str, str], refusal: str) -> Callable[[str], str]:
    """A German word from `names` (or the format's own value it stands for) → the value.

    Umlauts may be typed as such or as ae/oe/ue/ss: „Maßnahmenplan“ is „massnahmenplan“.
    """
    values = set(names.values())

    def read(text: str) -> str:
        word = text.strip().lower().replace(" ", "-")
        for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
            word = word.replace(umlaut, plain)
        if word in names:
            return names[word]
        if text in values:
            return text
        import difflib  # only for a mistyped name: not on every start

        close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.75)
        meant = f"; gemeint ist wohl „{close[0]}“" if close else ""
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist {refusal}{meant}; möglich sind: {', '.join(names)}"
        )

    return read


def line(text: str) -> str:
    """One line of text (a title, a name): not empty, no line breaks or control characters."""
    if not text.strip():
        raise argparse.ArgumentTypeError("darf nicht leer sein")
    return _printable(text, allowed="\t")


def message(text: str) -> str:
    """A commit message: not empty; line breaks allowed, other control characters not."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "die Nachricht darf nicht leer sein: was hat sich geändert?"
        )
    return _printable(text, allowed="\t\n")


def _printable(text: str, *, allowed: str) -> str:
    for position, character in enumerate(text, start=1):
        if (ord(character) < 32 or 0x7F <= ord(character) < 0xA0) and character not in allowed:
            raise argparse.ArgumentTypeError(
                f"„{text.encode('unicode_escape').decode('ascii')}“ enthält an Stelle {position} "
                f"das Steuerzeichen U+{ord(character):04X}: bitte entfernen"
            )
    return text


def positive(text: str) -> int:
    """A count of at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Anzahl (1, 2, 3 …)")
    return int(text)


# What a file name's ending promises. Output of another kind under such a name opens as
# "damaged" in Word or the browser (`build -o konzept.pdf` wrote a .docx named .pdf).
_PROMISED = {  # accusative: "schreibt …", "verspricht …"
    ".docx": "ein Word-Dokument (.docx)",
    ".dotx": "eine Word-Vorlage (.dotx)",
    ".doc": "ein Word-97-Dokument (.doc)",
    ".odt": "einen OpenDocument-Text (.odt)",
    ".rtf": "ein RTF-Dokument (.rtf)",
    ".pdf": "ein PDF (.pdf)",
    ".html": "eine HTML-Seite (.html)",
    ".htm": "eine HTML-Seite (.html)",
    ".md": "einen Markdown-Text (.md)",
    ".json": "JSON-Daten (.json)",
    ".txt": "einen Text (.txt)",
}


def suffix_of(output: str | None) -> str:
    """The lower-case ending of the file -o names ("" for none, a folder or standard output)."""
    if output is None or output.endswith(("/", os.sep)) or Path(output).is_dir():
        return ""
    return Path(output).suffix.lower()


PDF_HINT = " (ein PDF dazu schreibt --pdf neben das Word-Dokument)"


def output_file(output: str | None, default: str, *, other: str = "") -> Path:
    """Where -o points: a file, or a folder (existing, or written with a trailing "/")
    that gets the default name inside it. A file whose ending promises another kind of file
    than `default`'s (.pdf for a .docx) is refused; `other` says how to get that kind."""
    if output is None:
        return Path(default)
    if output.strip() in ("", "-"):  # "-" would become a folder named "-"
        from konzeptdoc.errors import KonzeptdocError

        raise KonzeptdocError(
            f"-o „{output}“: dieses Ergebnis wird in eine Datei geschrieben, nicht auf den "
            f"Bildschirm: einen Dateinamen oder Ordner angeben, z. B. -o {default}"
        )
    target = Path(output)
    if target.is_dir() or output.endswith(("/", os.sep)):
        target = target / default
    outside_git(target, f"-o {default}")
    wanted, suffix = Path(default).suffix.lower(), target.suffix.lower()
    plain_text = suffix == ".txt" and wanted in (".md", ".json", ".html", ".txt")  # opens as text
    if (
        suffix in _PROMISED
        and _PROMISED[suffix] != _PROMISED.get(wanted, wanted)
        and not plain_text
    ):
        from konzeptdoc.errors import KonzeptdocError

        raise KonzeptdocError(
            f"-o „{output}“: hier schreibt konzeptdoc {_PROMISED.get(wanted, wanted)}, der "
            f"Dateiname verspricht aber {_PROMISED[suffix]} – so geöffnet, gälte die Datei als "
            f"beschädigt: -o {target.with_suffix(wanted).name} angeben{other}"
        )
    if target.suffix.lower() in (".yaml", ".yml"):  # a slip that would overwrite the data
        from konzeptdoc.errors import KonzeptdocError

        raise KonzeptdocError(
            "in eine YAML-Datei schreibt konzeptdoc keine Ausgabe (YAML-Dateien enthalten die "
            f"Konzeptdaten): eine andere Zieldatei angeben, z. B. {default}",
            path=target,
        )
    return target


def outside_git(target: Path, example: str) -> None:
    """Refuse output into a ``.git`` folder (a document over .git/HEAD ends the repository).

    Raises:
        KonzeptdocError: `target` lies in a ``.git`` folder.
    """
    if ".git" in target.resolve().parts:
        from konzeptdoc.errors import KonzeptdocError

        raise KonzeptdocError(
            "in den Ordner .git schreibt konzeptdoc keine Ausgabe (dort verwaltet git die "
            f"Versionen): einen anderen Ort angeben, z. B. {example}",
            path=target,
        )


def not_the_template(target: Path, template: str | Path | None) -> None:
    """Refuse to write a document over the template it is built with (the city's own)."""
    if (
        template is not None
        and target.exists()
        and Path(template).exists()
        and target.samefile(template)
    ):
        from konzeptdoc.errors import KonzeptdocError

        raise KonzeptdocError(
            "das ist die Word-Vorlage, mit der das Dokument erstellt wird: eine andere "
            "Zieldatei angeben",
            path=target,
        )


def concept_folder(text: str) -> Path | None:
    """The concept folder a path names: the folder itself, or – for a path such as ``.``
    or ``../fields`` – the concept folder it lies in (as git finds its repository)."""
    if not text:
        return None
    folder = Path(text)
    if (folder / "concept.yaml").is_file():
        return folder.resolve()
    if ("/" not in text and not text.startswith(".")) or not folder.is_dir():
        return None  # a plain id: never looked up in the folders around it
    for parent in folder.resolve().parents:
        if (parent / "concept.yaml").is_file():
            return parent
        if parent.name == "concepts" or (parent / "konzeptdoc.yaml").is_file():
            return None
    return None


def unknown_concept(root: Path, concept: str) -> str:
    """The message for a concept id that names no folder in the repository at `root`."""
    folder = root / "concepts"
    known = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    return f"Ein Konzept „{concept}“ gibt es hier nicht (vorhanden: {', '.join(known) or 'keines'})"


def concept_id(text: str) -> str:
    """A concept by id, or by the path of its folder or of a folder inside it (``.``)."""
    folder = concept_folder(text)
    return text if folder is None else folder.name


def revision(text: str) -> str:
    """A revision name as git takes it: never an option (``-x``), no spaces or control characters."""
    if not text or text.startswith("-") or any(c.isspace() or ord(c) < 32 for c in text):
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist kein Revisionsname: eine Commit-Kennung (7cf88db), ein Zweig (main) oder "
            "der Name eines Beschlusses (integrationskonzept/2020-07-09)"
        )
    return text


def settings_template() -> Path | None:
    """`template:` from konzeptdoc.yaml, relative to the repository root (kept inside it)."""
    from konzeptdoc.files.paths import find_root
    from konzeptdoc.files.workspace import settings_template

    root, _ = find_root(Path.cwd())
    return None if root is None else settings_template(root)
