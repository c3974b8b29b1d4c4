"""The git-backed concept repository (porcelain over git plumbing)."""

from konzeptdoc.store.records import BlameLine, HistoryEntry, KeyChange, Release, Revision
from konzeptdoc.store.repository import Repository

__all__ = ["BlameLine", "HistoryEntry", "KeyChange", "Release", "Repository", "Revision"]
