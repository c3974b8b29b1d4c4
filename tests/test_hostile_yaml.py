"""Hostile YAML: aliases of texts ("billion laughs" on strings) are refused before any value
is built, by the fast reader and by the round-trip reader used for editing."""

from __future__ import annotations

import resource
import subprocess
import time
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from konzeptdoc.files import yamlio
from konzeptdoc.files.paths import MAX_FILE_BYTES
from tests.conftest import snapshot

# 10 KB of text, aliased 100,000 times: a 0.4 MB file that stands for a gigabyte of text.
TEXT_ALIAS_BOMB = 'laugh: &l "' + "ha" * 5_000 + '"\nmore: [' + ", ".join(["*l"] * 100_000) + "]\n"


@pytest.mark.parametrize("read", [yamlio.load, yamlio.load_roundtrip], ids=["fast", "roundtrip"])
def test_text_aliases_are_refused_with_their_line(read: object) -> None:
    assert callable(read)
    with pytest.raises(konzeptdoc.YamlSyntaxError) as caught:
        read("title: x\nname: &n Teststadt\nother: *n\n", Path("f.yaml"))
    assert caught.value.line == 3 and caught.value.path == Path("f.yaml")
    assert "Anker und -Verweise" in str(caught.value) and str(caught.value).startswith("f.yaml:3: ")


def test_text_alias_bomb_is_refused_quickly(
    concept_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(field.read_text() + TEXT_ALIAS_BOMB)
    before = snapshot(concept_dir.parents[1])
    peak, started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.process_time()
    [problem] = [p for p in konzeptdoc.validate(concept_dir) if p.severity == "error"]
    assert time.process_time() - started < 10  # generous; the refusal takes well under a second
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    assert grown_mb < 100  # the gigabyte the aliases stand for was never built
    assert problem.file == field and problem.line == field.read_text().count("\n")
    assert "Anker" in problem.message
    assert main(["validate", str(concept_dir)]) == 1
    assert "arbeit.yaml:" in capsys.readouterr().out
    assert main(["build", str(concept_dir), "-o", str(concept_dir.parent / "x.docx")]) != 0
    assert snapshot(concept_dir.parents[1]) == before  # no document, nothing changed


def test_merge_key_alias_is_refused() -> None:
    with pytest.raises(konzeptdoc.YamlSyntaxError) as caught:
        yamlio.load("base: &b {a: 1}\nnext:\n  <<: *b\n")
    assert caught.value.line == 3


def test_anchor_without_alias_and_prose_with_symbols_are_fine() -> None:
    assert yamlio.load("a: &a 1\nt: Bildung & Sprache *wichtig* &x a*b\n") == {
        "a": 1,
        "t": "Bildung & Sprache *wichtig* &x a*b",
    }


def _pad_over_cap(path: Path) -> int:
    """Make a concept file valid YAML just over the size cap (a trailing comment); its size."""
    with path.open("a", encoding="utf-8") as stream:
        stream.write("# " + "x" * (MAX_FILE_BYTES + 1024) + "\n")
    return path.stat().st_size


def test_oversized_file_is_refused_before_reading(
    concept_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    size = _pad_over_cap(field)
    before = snapshot(concept_dir.parents[1])
    peak, started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.process_time()
    [problem] = [p for p in konzeptdoc.validate(concept_dir) if p.severity == "error"]
    assert time.process_time() - started < 3  # a stat, not a parse
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024 < 20
    assert problem.file == field and size > MAX_FILE_BYTES
    assert "Die Datei ist 8,1 MB groß" in problem.message and "bis 8 MB" in problem.message
    with pytest.raises(konzeptdoc.FileTooLargeError) as caught:
        yamlio.read_text(field)
    assert isinstance(caught.value, konzeptdoc.ConceptFileError) and caught.value.path == field
    assert main(["validate", str(concept_dir)]) == 1
    assert "arbeit.yaml: Die Datei ist 8,1 MB groß" in capsys.readouterr().out
    target = concept_dir.parent / "x.docx"
    assert main(["build", str(concept_dir), "-o", str(target)]) == 1
    assert "8,1 MB" in capsys.readouterr().err
    assert snapshot(concept_dir.parents[1]) == before  # no document, nothing changed


def test_oversized_settings_file_is_refused(repo: Path) -> None:
    _pad_over_cap(repo / "konzeptdoc.yaml")
    errors = [p for p in konzeptdoc.validate(repo) if p.severity == "error"]
    assert any(p.file == repo / "konzeptdoc.yaml" and "8 MB" in p.message for p in errors)


def test_oversized_committed_blob_is_refused_from_its_header(
    repo: Path, isolated_git: None, capsys: pytest.CaptureFixture[str]
) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "gut")
    _pad_over_cap(repo / "concepts" / "test" / "fields" / "arbeit.yaml")
    git("commit", "-q", "-am", "zu groß")  # plain git: konzeptdoc's commit would refuse it
    repository = konzeptdoc.Repository.open(repo)
    started = time.process_time()
    with pytest.raises(konzeptdoc.FileTooLargeError) as caught:
        repository.load("test", "HEAD")
    assert time.process_time() - started < 3
    assert caught.value.path == Path("concepts/test/fields/arbeit.yaml")
    assert "8,1 MB groß" in str(caught.value) and "bis 8 MB" in str(caught.value)
    # The refused blob was drained: the shared cat-file process still reads the next one.
    assert repository.load("test", "HEAD~1").id == "test"
    target = repo / "alt.docx"
    assert main(["-C", str(repo), "build", "test", "--rev", "HEAD", "-o", str(target)]) == 1
    assert "arbeit.yaml: Die Datei ist 8,1 MB groß" in capsys.readouterr().err
    assert not target.exists()
