"""The YAML libraries' parse errors, told in German.

ruamel.yaml and PyYAML describe a syntax error in English and change the words between
releases; a person gets a German sentence chosen by the kind of problem, with line and
column, and never the library's text.
"""

from __future__ import annotations

import re
from pathlib import Path

from konzeptdoc.errors import YamlSyntaxError


def syntax_error(exc: Exception, path: Path | None, text: str) -> YamlSyntaxError:
    """A YAML library's parse error as a German `YamlSyntaxError` with line and column."""
    # ruamel's and PyYAML's marked errors share these attributes.
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = _german_problem(str(getattr(exc, "problem", None) or exc))
    index = getattr(mark, "index", None)
    if isinstance(index, int) and text[index : index + 1] == "\t":  # libyaml names no tab
        problem = _german_problem("tab character")
    position = getattr(exc, "position", None)  # a reader error: a character YAML refuses
    if mark is None and isinstance(position, int):
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind(chr(10), 0, position)
        character = getattr(exc, "character", 0)  # PyYAML gives a code, ruamel a string
        code = ord(character) if isinstance(character, str) and character else int(character or 0)
        problem = (
            f"Das Zeichen U+{code:04X} ist in YAML-Dateien nicht erlaubt (ein Steuerzeichen, "
            "oft beim Einfügen aus Word entstanden): bitte entfernen"
        )
    where = f" in Spalte {column}" if column is not None else ""
    opened = _unclosed_quote(text, line) if line is not None else None
    if opened is not None:
        # A value opened with a quote that its line does not close runs on, as YAML allows,
        # to the next quote character – often lines later, where the error is then found.
        problem += (
            f"; vielleicht fehlt in Zeile {opened} das schließende Anführungszeichen (dort "
            "beginnt ein Wert mit einem, das die Zeile nicht schließt)"
        )
    return YamlSyntaxError(f"YAML-Syntaxfehler{where}: {problem}", path=path, line=line)


# A value that starts with a quote: after "key:", "- " or both, at a line's start.
_QUOTED_START = re.compile(r"^[ \t]*(?:- +)*(?:[^\s#\"'][^:#]*:[ \t]+)?([\"'])(.*)$")


def _unclosed_quote(text: str, before: int) -> int | None:
    """The last line before line `before` (1-based) whose value opens a quote it does not
    close, if the error is found on a later line (a multi-line quoted value is rare in
    concept files, where long texts are blocks with "|")."""
    lines = text.split("\n", before)[: before - 1]
    for number in range(len(lines), 0, -1):
        match = _QUOTED_START.match(lines[number - 1])
        if match is None:
            continue
        quote, rest = match.groups()
        rest = (
            rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        )
        if quote not in rest:
            return number
        return None  # the nearest quoted value is closed: no guess
    return None


_DUPLICATE = re.compile(r"duplicate key \"?([^\"\n]*)\"?")
_NOT_TEXT = re.compile(r"key that is not text \"([^\"\n]*)\"")
# The YAML libraries' English problem texts, by a phrase that identifies the kind of
# problem, with what a person should do about it. Only the phrase is matched (a new wording
# in the library falls back to the general sentence); the English is never shown.
_PROBLEMS = (
    ("duplicate key", ""),
    ("tab character", "Tabulatorzeichen sind in YAML nicht erlaubt: mit Leerzeichen einrücken"),
    ("mapping values are not allowed", "ein Doppelpunkt steht an unerwarteter Stelle: einen "
     "Text mit „: “ in Anführungszeichen setzen oder die Einrückung prüfen"),
    ("could not find expected ':'", "nach dem Schlüssel fehlt der Doppelpunkt, oder ein "
     "Anführungszeichen ist nicht geschlossen"),
    ("block sequence entries are not allowed", "ein Listeneintrag „- “ steht an unerwarteter "
     "Stelle: Einrückung prüfen"),
    ("expected '-' indicator", "die Einträge der Liste sind nicht gleich weit eingerückt: "
     "jeder beginnt mit „- “ in derselben Spalte"),
    ("expected <block end>", "die Einrückung stimmt nicht: Angaben derselben Ebene müssen "
     "gleich weit eingerückt sein"),
    ("did not find expected key", "die Einrückung stimmt nicht: Angaben derselben Ebene müssen "
     "gleich weit eingerückt sein"),
    ("end of stream", "ein Anführungszeichen oder eine Klammer wird nicht geschlossen"),
    ("unknown escape", "unbekannte Escape-Sequenz mit „\\“ in doppelten Anführungszeichen: "
     "einfache Anführungszeichen verwenden"),
    ("expected ',' or ']'", "die Liste in [ ] ist nicht geschlossen oder ihre Einträge sind "
     "nicht durch Kommas getrennt"),
    ("expected ',' or '}'", "die Angaben in { } sind nicht geschlossen oder nicht durch Kommas "
     "getrennt"),
    ("expected alphabetic or numeric", "nach „&“ oder „*“ am Anfang eines Werts muss ein Name "
     "folgen: den Text in Anführungszeichen setzen"),
    ("cannot start any token", "dieses Zeichen kann keinen Wert beginnen (z. B. „@“ oder "
     "„`“): den Wert in Anführungszeichen setzen"),
    ("tag handle", "unbekanntes YAML-Tag („!…“): das Ausrufezeichen entfernen oder den Wert in "
     "Anführungszeichen setzen"),
    ("constructor for the tag", "unbekanntes YAML-Tag („!…“): das Ausrufezeichen entfernen "
     "oder den Wert in Anführungszeichen setzen"),
    ("another document", "die Datei enthält mehrere YAML-Dokumente (getrennt durch „---“): "
     "nur eines ist erlaubt"),
    ("expected a single document", "die Datei enthält mehrere YAML-Dokumente (getrennt durch "
     "„---“): nur eines ist erlaubt"),
    ("expected node content", "hier fehlt ein Wert"),
    ("not text", ""),  # a key that is a number, a date or empty: said in `_german_problem`
)  # fmt: skip


def _german_problem(problem: str) -> str:
    for phrase, german in _PROBLEMS:
        if phrase in problem:
            if phrase == "not text":
                match = _NOT_TEXT.search(problem)
                key = f"„{match.group(1)}“ " if match else ""
                return (
                    f"der Schlüssel {key}ist kein Wort: Schlüssel sind Namen wie „title“; "
                    "Einrückung und Doppelpunkte prüfen"
                )
            if phrase == "duplicate key":
                match = _DUPLICATE.search(problem)
                key = f"„{match.group(1)}“ " if match else ""
                return f"der Schlüssel {key}kommt doppelt vor: jeden Schlüssel nur einmal angeben"
            return german
    return (
        "die Datei ist an dieser Stelle kein gültiges YAML: Einrückung, Doppelpunkte und "
        "Anführungszeichen prüfen"
    )
