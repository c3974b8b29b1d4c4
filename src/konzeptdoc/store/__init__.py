"""The git-backed concept repository (porcelain over git plumbing)."""

from .records import BlameLine, HistoryEntry, KeyChange, Release, Revision
from .repository import Repository

__all__ = ["BlameLine", "HistoryEntry", "KeyChange", "Release", "Repository", "Revision"]
