"""review.yaml: reviewers' comments kept next to the data (written by ``review --apply``)."""

from __future__ import annotations

from pydantic import Field

from konzeptdoc.model.base import SCHEMA_VERSION, Model, Str, described, schema_description


class ReviewNote(Model):
    """One comment from a reviewed copy of a document."""

    model_config = schema_description("Kommentar aus einem überarbeiteten Dokument")

    entity: Str | None = described(
        "Kennung des Eintrags, auf den sich der Kommentar bezieht", default=None
    )
    field: Str | None = described(
        "Schlüssel des kommentierten Textes, z. B. „description“", default=None
    )
    author: Str = described("Verfasserin oder Verfasser des Kommentars")
    date: Str | None = described("Zeitpunkt (ISO 8601)", default=None)
    text: Str = described("Text des Kommentars")
    quoted: Str = described("Kommentierte Textstelle", default="")
    file: Str = described("Überarbeitetes Dokument, aus dem der Kommentar stammt")
    revision: Str | None = described(
        "Fassung (Commit), aus der das Dokument erstellt wurde", default=None
    )
    done: bool | None = described(
        "Als erledigt markiert (in Word: Kommentar „Erledigt“); fehlt bei offenen Kommentaren",
        default=None,
    )
    reply_to: int | None = described(
        "Antwort auf den Kommentar mit dieser Nummer (ab 0) dieser Liste",
        default=None,
        ge=0,
        le=10**6,
    )


class ReviewFile(Model):
    """review.yaml of a concept folder."""

    model_config = schema_description(
        "Kommentare der Prüfenden (review.yaml), übernommen mit „konzeptdoc review --apply“"
    )

    schema_version: int = described(
        f"Version des Dateiformats (derzeit {SCHEMA_VERSION})", default=SCHEMA_VERSION, ge=1
    )
    comments: list[ReviewNote] = Field(default_factory=list, description="Kommentare")


__all__ = ["ReviewFile", "ReviewNote"]
