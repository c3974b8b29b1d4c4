"""Council bodies as the subject of a sentence: "Der Rat der Stadt Wolfsburg möge beschließen".

A body's article follows its head noun, the first word (or the last part of a compound:
"Verwaltungsausschuss" is a "Ausschuss"). The nouns German councils use are listed; an
unknown one gets no guessed article but a neutral phrase ("Das Gremium „…“").
"""

from __future__ import annotations

#: Head nouns (or their last part) of council bodies → article in the nominative.
_ARTICLES = (
    ("versammlung", "Die"), ("vertretung", "Die"), ("schaft", "Die"), ("kommission", "Die"),
    ("konferenz", "Die"), ("runde", "Die"), ("kammer", "Die"), ("ausschuss", "Der"),
    ("beirat", "Der"), ("rat", "Der"), ("tag", "Der"), ("magistrat", "Der"), ("senat", "Der"),
    ("vorstand", "Der"), ("kreis", "Der"), ("gremium", "Das"), ("präsidium", "Das"),
    ("kollegium", "Das"), ("plenum", "Das"), ("parlament", "Das"),
)  # fmt: skip
_ARTICLE_WORDS = {"der", "die", "das"}


def as_subject(body: str | None) -> str:
    """ "Der Ausschuss für Migration und Integration", "Die Stadtverordnetenversammlung";
    "Das zuständige Gremium" when no body is named.

    >>> as_subject("Rat der Stadt Wolfsburg"), as_subject("Stadtverordnetenversammlung")
    ('Der Rat der Stadt Wolfsburg', 'Die Stadtverordnetenversammlung')
    >>> as_subject("Verwaltungsausschuss"), as_subject("Hauptverwaltungsbeamter")
    ('Der Verwaltungsausschuss', 'Das Gremium „Hauptverwaltungsbeamter“')
    """
    name = (body or "").strip()
    if not name:
        return "Das zuständige Gremium"
    first = name.split()[0]
    if first.lower() in _ARTICLE_WORDS:
        return first.capitalize() + name[len(first) :]
    head = first.lower().rstrip(",")
    for ending, article in _ARTICLES:
        if head.endswith(ending):
            return f"{article} {name}"
    return f"Das Gremium „{name}“"
