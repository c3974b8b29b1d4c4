"""German-like prose for generated concepts: umlauts, ``&`` and quotes, deterministic."""

from __future__ import annotations

import random

#: The vocabulary of content words (edits replace one by another).
WORDS = [
    "Integration",
    "Teilhabe",
    "Bildung",
    "Sprache",
    "Arbeit",
    "Gesundheit",
    "Vielfalt",
    "Förderung",
    "Beratung",
    "Stadtgesellschaft",
    "Zuwanderung",
    "Ehrenamt",
    "Qualifizierung",
    "Anerkennung",
    "Elternarbeit",
    "Kita",
    "Schule",
    "Ausbildung",
    "Übergang",
    "Begegnung",
    "Nachbarschaft",
    "Wohnraum",
    "Quartier",
    "Sportverein",
    "Gesundheitsförderung",
    "Prävention",
    "Öffnung",
    "Verwaltung",
    "Migrantenselbstorganisation",
    "Netzwerk",
    "Angebot",
    "Zugang",
    "Beteiligung",
    "Fachkräfte",
    "Sprachkurs",
    "Mehrsprachigkeit",
    "Familienzentrum",
    "Jugendhilfe",
    "Arbeitsmarkt",
    "Jobcenter",
    "Kammer",
    "Betrieb",
    "Praktikum",
    "Mentoring",
    "Lotsen",
    "Dolmetscher",
    "Kultur",
    "Religion",
    "Dialog",
    "Antidiskriminierung",
    "Gleichstellung",
    "Frauen",
    "Männer",
    "Senioren",
    "Kinder",
    "Jugendliche",
    "Geflüchtete",
    "Neuzugewanderte",
    "Fortschreibung",
    "Maßnahme",
    "Straße",
    "Größe",
    "Grüße",
    "Fußball",
    "Schwimmkurs",
    "Übersetzung",
    "Bürgerinnen",
    "Bürger",
    "Träger",
    "Stadtteil",
    "Versorgung",
    "Pflege",
    "Ärztinnen",
    "Ärzte",
    "Krankenhaus",
    "Impfung",
    "Aufklärung",
    "Wohnungsmarkt",
]
_SMALL = [
    "und",
    "der",
    "die",
    "das",
    "mit",
    "für",
    "im",
    "in",
    "zur",
    "zum",
    "von",
    "bei",
    "auf",
    "durch",
    "sowie",
    "über",
]
_VERBS = [
    "stärken",
    "fördern",
    "ausbauen",
    "sichern",
    "verbessern",
    "erweitern",
    "begleiten",
    "vernetzen",
]


class Prose:
    """German-like prose from a seeded random generator: sentences, texts, titles."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self, words: int) -> str:
        """One sentence, now and then with ``&`` or quotes."""
        picks = []
        for index in range(words):
            pool = _SMALL if index % 3 == 1 else WORDS
            picks.append(self.rng.choice(pool))
        roll = self.rng.random()
        if roll < 0.1:
            picks.insert(len(picks) // 2, "&")
        elif roll < 0.2:
            middle = len(picks) // 2
            picks[middle] = f"„{picks[middle]}“"
        elif roll < 0.25:
            picks[-1] = f'"{picks[-1]}"'
        return " ".join(picks).capitalize() + "."

    def text(self, words: int, paragraph_words: int = 80) -> str:
        """About `words` words in paragraphs of `paragraph_words`."""
        paragraphs, left = [], words
        while left > 0:
            size = min(left, paragraph_words)
            sentences, count = [], 0
            while count < size:
                length = min(self.rng.randint(8, 16), size - count) or 1
                sentences.append(self.sentence(length))
                count += length
            paragraphs.append(" ".join(sentences))
            left -= size
        return "\n\n".join(paragraphs)

    def title(self, words: int = 4) -> str:
        """A title ending in a verb noun."""
        picks = [self.rng.choice(WORDS) for _ in range(words - 1)]
        return " ".join(picks) + " " + self.rng.choice(_VERBS)
