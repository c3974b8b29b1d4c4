"""Revision diffs: change records (data) and their renderings.

`compare` makes the records (`ConceptDiff`); `render` (text, Markdown, JSON), `html`,
`synopse` and `redline` show them. `diff` is `compare` under its former name.

Before `konzeptdoc.compare` existed, ``konzeptdoc.diff`` was that function and hid this
package. The package is now what the name means, and it can still be called like the
function it replaced (with a `DeprecationWarning`).
"""

from __future__ import annotations

import sys
import types
import warnings
from typing import Any

from konzeptdoc.diff.compute import compare
from konzeptdoc.diff.records import (
    Change,
    ConceptDiff,
    ParagraphDiff,
    Side,
    TextDiff,
    ValueChange,
    WordOp,
)

diff = compare


class _CallablePackage(types.ModuleType):
    """This package, callable as the function ``konzeptdoc.diff`` once was."""

    def __call__(self, *args: Any, **kwargs: Any) -> ConceptDiff:
        warnings.warn(
            "konzeptdoc.diff(alt, neu) ist veraltet: bitte konzeptdoc.compare(alt, neu) verwenden",
            DeprecationWarning,
            stacklevel=2,
        )
        return compare(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage

__all__ = [
    "Change",
    "ConceptDiff",
    "ParagraphDiff",
    "Side",
    "TextDiff",
    "ValueChange",
    "WordOp",
    "compare",
    "diff",
]
