"""The German words of output file names: `integrationskonzept-massnahmenplan.docx`.

Administrators see these names in their folders and mail attachments, so they say what a
file is in German (ASCII only: umlauts spelled out, as file systems and mail clients mangle
them). The CLI's `--kind` takes the same words, so the file a build writes is named by the
word one typed.

    file_name("integrationskonzept", "measures")       # "integrationskonzept-massnahmenplan.docx"
    file_name("integrationskonzept", "diff", "html")   # "integrationskonzept-vergleich.html"
"""

from __future__ import annotations

#: Document kind (the format's own name) → the word of its default file name.
FILE_WORDS: dict[str, str] = {
    "concept": "konzept",
    "submission": "beschlussvorlage",
    "measures": "massnahmenplan",
    "participation": "beteiligungsbericht",
    "report": "sachstandsbericht",
    "synopse": "synopse",
    "redline": "aenderungsfassung",
    "diff": "vergleich",
}


def file_name(concept_id: str, kind: str, suffix: str = "docx") -> str:
    """The default name of the file of `kind` built from concept `concept_id`."""
    return f"{concept_id}-{FILE_WORDS[kind]}.{suffix}"
