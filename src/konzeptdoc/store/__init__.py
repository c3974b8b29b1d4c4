"""The git-backed concept repository (porcelain over git plumbing).

`Repository` is loaded on first use: importing a light module of this package
(`store.revisions` for `konzeptdoc log`) must not import the model and YAML with it.
"""

from typing import TYPE_CHECKING, Any

from konzeptdoc.store.records import BlameLine, HistoryEntry, KeyChange, Release, Revision

if TYPE_CHECKING:
    from konzeptdoc.store.repository import Repository


def __getattr__(name: str) -> Any:
    if name == "Repository":
        from konzeptdoc.store.repository import Repository

        return Repository
    raise AttributeError(f"module 'konzeptdoc.store' has no attribute {name!r}")


__all__ = ["BlameLine", "HistoryEntry", "KeyChange", "Release", "Repository", "Revision"]
