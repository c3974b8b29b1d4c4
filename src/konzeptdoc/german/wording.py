"""The standard wording, from templates/wording.de.j2, rendered in jinja2's sandbox."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from konzeptdoc.german.glossary import agree, count


@lru_cache(maxsize=1)
def wording() -> Any:
    """The template module: call its macros, e.g. ``wording().lead_line("Amt 33")``."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    source = (resources.files("konzeptdoc") / "templates" / "wording.de.j2").read_text(
        encoding="utf-8"
    )
    # Plain text out: the Word writer escapes every character, so no HTML autoescape here.
    environment = SandboxedEnvironment(
        autoescape=False, undefined=StrictUndefined, keep_trailing_newline=False
    )
    # The glossary's plurals, so the template never builds a plural from a singular.
    environment.globals.update(count=count, agree=agree)
    return environment.from_string(source).module


def say(name: str, *args: Any, **kwargs: Any) -> str:
    """One piece of standard wording, as plain text."""
    return str(getattr(wording(), name)(*args, **kwargs)).strip()
