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
    ("kollegium", "Das"), ("plenum", "Das"), ("parlament", "Das"), ("amt", "Das"),
    ("gruppe", "Die"),
)  # fmt: skip
_ARTICLE_WORDS = {"der", "die", "das"}
#: Words before the head of a coordinated compound: "Haupt- und Finanzausschuss".
_COORDINATION = {"und", "sowie", "oder", "&"}


def as_subject(body: str | None) -> str:
    """ "Der Ausschuss für Migration und Integration", "Die Stadtverordnetenversammlung";
    "Das zuständige Gremium" when no body is named.

    >>> as_subject("Rat der Stadt Wolfsburg"), as_subject("Stadtverordnetenversammlung")
    ('Der Rat der Stadt Wolfsburg', 'Die Stadtverordnetenversammlung')
    >>> as_subject("Verwaltungsausschuss"), as_subject("Hauptverwaltungsbeamter")
    ('Der Verwaltungsausschuss', 'Das Gremium „Hauptverwaltungsbeamter“')
    >>> as_subject("Haupt- und Finanzausschuss")
    'Der Haupt- und Finanzausschuss'
    """
    name = (body or "").strip()
    if not name:
        return "Das zuständige Gremium"
    first = name.split()[0]
    if first.lower() in _ARTICLE_WORDS:
        return first.capitalize() + name[len(first) :]
    # A coordinated compound takes the article of its last part: "Haupt- und
    # Finanzausschuss", "Kultur-, Sport- und Integrationsausschuss" are a "Ausschuss".
    words = name.split()
    at = 0
    while at + 1 < len(words) and (
        words[at].rstrip(",").endswith("-") or words[at].lower() in _COORDINATION
    ):
        at += 1
    head = words[at].lower().rstrip(",")
    for ending, article in _ARTICLES:
        if head.endswith(ending):
            return f"{article} {name}"
    return f"Das Gremium „{name}“"
