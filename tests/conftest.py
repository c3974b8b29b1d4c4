"""Shared fixtures: small concept repositories written as real files on tmp_path."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc import write_schemas

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OOXML_CHECK = SHARED / "tools" / "ooxml_check.py"

SETTINGS = """\
schema_version: 1
municipality: Teststadt
bodies: [Rat]
"""

CONCEPT = """\
# yaml-language-server: $schema=../../schemas/concept.schema.json
# Dieses Konzept dient den Tests.
schema_version: 1
id: test
title: 'Integrationskonzept „Test“ & <Mehr>'   # Titel mit Sonderzeichen
kind: Integrationskonzept
municipality: Teststadt
lead: Amt für Integration

period: {start: 2021, end: 2025}
status: draft
as_of: 2020-07-10
target_groups:
  - id: gefluechtete
    name: Geflüchtete
fields: [bildung, arbeit]
"""

BILDUNG = """\
schema_version: 1
id: bildung
title: Bildung & Sprache
situation: |
  Die Lage ist *gut*.

  - erstens
  - zweitens
goals:
  - id: lz-bildung
    level: guiding
    title: Gleiche Bildungschancen
  - id: hz-sprache
    level: action
    title: Sprachförderung ausbauen
    parent: lz-bildung   # Kommentar am Ziel
measures:
  - id: m-sprachkurse
    title: Sprachkurse für Eltern
    goals: [hz-sprache]
    target_groups: [gefluechtete]
    timeframe: {start: 2021, end: 2023}
    cost: {amount_eur: 12000, per: year}
    status: planned
"""

ARBEIT = """\
schema_version: 1
id: arbeit
title: Arbeit
goals:
  - id: lz-arbeit
    level: guiding
    title: Zugang zum Arbeitsmarkt
  - id: hz-anerkennung
    level: action
    title: Anerkennung ausländischer Abschlüsse
    parent: lz-arbeit
measures:
  - id: m-beratung
    title: Anerkennungsberatung
    goals: [hz-anerkennung]
    timeframe: {ongoing: true}
"""


WIESBADEN_2020 = (
    ROOT / "sample_concepts/wiesbaden/04-ik-beschluss-2020/concepts/integrationskonzept"
)
AUTHOR = "Amt 33 <amt33@example.org>"


def sample_repository(path: Path, author: str = AUTHOR) -> konzeptdoc.Repository:
    """A real git repository at `path` holding Wiesbaden's concept 2021–2025 in one commit."""
    repository = konzeptdoc.Repository.init(
        path, municipality="Landeshauptstadt Wiesbaden", author=author
    )
    shutil.copytree(WIESBADEN_2020, path / "concepts" / "integrationskonzept")
    repository.commit("Integrationskonzept", author=author)
    return repository


def write_repo(root: Path) -> Path:
    """A valid repository with one concept `test` (two fields); returns the concept folder."""
    folder = root / "concepts" / "test"
    (folder / "fields").mkdir(parents=True)
    (root / "konzeptdoc.yaml").write_text(SETTINGS, encoding="utf-8")
    (folder / "concept.yaml").write_text(CONCEPT, encoding="utf-8")
    (folder / "fields" / "bildung.yaml").write_text(BILDUNG, encoding="utf-8")
    (folder / "fields" / "arbeit.yaml").write_text(ARBEIT, encoding="utf-8")
    write_schemas(root / "schemas")  # as `konzeptdoc init` does, for the editor hint
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Path of a valid repository root holding concept `test`."""
    write_repo(tmp_path)
    return tmp_path


@pytest.fixture
def concept_dir(repo: Path) -> Path:
    return repo / "concepts" / "test"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, to prove that nothing changed on disk."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@contextlib.contextmanager
def disk_full_at_sync(number: int) -> Iterator[None]:
    """The `number`th file synced while the block runs finds the disk full (ENOSPC)."""
    real, synced = os.fsync, [0]

    def fsync(descriptor: int) -> None:
        synced[0] += 1
        if synced[0] == number:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(descriptor)

    os.fsync = fsync
    try:
        yield
    finally:
        os.fsync = real


def ooxml_check(*paths: Path) -> str:
    """Run ../shared/tools/ooxml_check.py --strict; skip where ../shared is absent."""
    if not OOXML_CHECK.is_file():
        pytest.skip("../shared/tools/ooxml_check.py is absent (a user's clone has no ../shared)")
    result = subprocess.run(
        [sys.executable, str(OOXML_CHECK), "--strict", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git with no user or system configuration of the machine."""
    home = tmp_path_factory.mktemp("home")
    # A person to record as author where a test gives none (as a user's git config would).
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Testperson\n\temail = test@example.org\n", encoding="utf-8"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    for name in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_DATE",
        "EMAIL",
    ):
        monkeypatch.delenv(name, raising=False)
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    os.environ.setdefault("GIT_TERMINAL_PROMPT", "0")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    # The store's disk cache lives in the user's cache folder: tests keep theirs to themselves.
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
