"""A repository's own git config names programs; no konzeptdoc command runs any of them.

The hostile config is proven effective first (plain git runs the programs), then every
konzeptdoc command that calls git runs without leaving a trace.
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from tests.conftest import AUTHOR, sample_repository

pytestmark = pytest.mark.usefixtures("isolated_git")
CONCEPT = "integrationskonzept"


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def _program(folder: Path, name: str, marker: Path, tail: str = "") -> str:
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{marker}"\n{tail}', encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def _hostile(root: Path, tools: Path, marker: Path) -> None:
    """Config and attributes that run a program on log, status, add, update-ref, diff, tag."""
    hooks = tools / "hooks"
    hooks.mkdir()
    for hook in ("reference-transaction", "pre-commit", "post-commit", "post-checkout"):
        _program(hooks, hook, marker)
    settings = {
        "core.fsmonitor": _program(tools, "fsmonitor", marker),
        "core.hooksPath": str(hooks),
        "core.pager": _program(tools, "pager", marker, "cat\n"),
        "log.showSignature": "true",
        "gpg.program": _program(tools, "gpg", marker, "exit 1\n"),
        "diff.external": _program(tools, "external-diff", marker),
        "diff.boese.textconv": _program(tools, "textconv", marker, 'cat "$1"\n'),
        "filter.boese.clean": _program(tools, "clean", marker, "cat\n"),
        "filter.boese.smudge": _program(tools, "smudge", marker, "cat\n"),
        "tag.gpgSign": "true",
        "commit.gpgSign": "true",
    }
    for key, value in settings.items():
        git(root, "config", key, value)
    (root / ".gitattributes").write_text("* filter=boese diff=boese\n", encoding="utf-8")
    # A commit with a (fake) signature: `git log` with log.showSignature runs gpg.program.
    head = git(root, "rev-parse", "HEAD").stdout.strip()
    tree = git(root, "rev-parse", "HEAD^{tree}").stdout.strip()
    signed = (
        f"tree {tree}\nparent {head}\nauthor A <a@example.org> 1600000000 +0000\n"
        "committer A <a@example.org> 1600000000 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAd\n -----END PGP SIGNATURE-----\n"
        "\nSigniert\n"
    )
    sha = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=root, input=signed,
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "update-ref", "refs/heads/main", sha],
                   cwd=root, check=True)  # fmt: skip


def test_no_program_of_the_repository_config_runs(tmp_path: Path) -> None:
    root, tools, marker = tmp_path / "repo", tmp_path / "tools", tmp_path / "ran.txt"
    tools.mkdir()
    sample_repository(root).close()
    _hostile(root, tools, marker)
    # The config is live: plain git runs the programs.
    git(root, "log", "-1")
    git(root, "status")
    git(root, "tag", "-a", "probe", "-m", "probe")
    ran = marker.read_text(encoding="utf-8")
    for name in ("gpg", "fsmonitor"):
        assert name in ran, ran
    git(root, "-c", "core.hooksPath=/dev/null", "tag", "-d", "probe")
    marker.unlink()

    out = io.StringIO()
    folder = root / "concepts" / CONCEPT
    measure_file = next((folder / "fields").glob("*.yaml"))
    measure_file.write_text(measure_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commands = [
        ["log"], ["log", CONCEPT], ["show", CONCEPT], ["validate"],
        ["commit", "-m", "Leerzeile", "--author", AUTHOR],
        ["release", "rat-2020", "--body", "Rat", "--date", "2020-07-09", "--concept", CONCEPT],
        ["diff", CONCEPT, "HEAD~2", "HEAD"], ["history", CONCEPT, "bildung-sprache"],
        ["blame", CONCEPT],
    ]  # fmt: skip
    for args in commands:
        code = main(["-C", str(root), *args], stdout=out)
        assert code == 0, (args, code)
    with konzeptdoc.Repository.open(root) as repository:
        concept = repository.load(CONCEPT)
        concept.title += " (geändert)"
        repository.save(concept, message="Titel", author=AUTHOR)
    assert not marker.exists(), marker.read_text(encoding="utf-8")
    assert git(root, "fsck").returncode == 0
    assert os.environ.get("GIT_EXTERNAL_DIFF") is None
