"""History, blame and loading on a repository of 1,000 revisions of the large concept.

Run: python benchmarks/bench_store.py [--revisions 1000]
Targets (issue 4): history of one measure within 3x of `git log --format=%H -- <its field
file>` on the same repository; a second load of the same revision >= 10x faster than the first.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import row, timed

import konzeptdoc
from konzeptdoc.files.save import render_files
from konzeptdoc.testing import generate

STATUS = re.compile(r"^    status: (planned|in_progress|continued|done|postponed)$", re.M)
CYCLE = {
    "planned": "in_progress",
    "in_progress": "done",
    "done": "continued",
    "continued": "postponed",
    "postponed": "planned",
}


def build(root: Path, revisions: int) -> tuple[str, str]:
    """A repository whose every commit changes one measure's status (fast-import)."""
    subprocess.run(["git", "init", "-q", "--initial-branch=main", str(root)], check=True)
    (root / "konzeptdoc.yaml").write_text("schema_version: 1\nmunicipality: Musterstadt\n")
    concept = generate()
    files = {f"concepts/{concept.id}/{k}": v for k, v in render_files(concept, {}).items() if v}
    files["konzeptdoc.yaml"] = (root / "konzeptdoc.yaml").read_text()
    rng = random.Random(5)
    target_file = f"concepts/{concept.id}/fields/feld-01.yaml"
    stream: list[bytes] = []

    def blob(text: str) -> bytes:
        data = text.encode("utf-8")
        return b"data %d\n" % len(data) + data + b"\n"

    when = 1_600_000_000
    for number in range(revisions):
        message = f"Revision {number}"
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Bench <bench@example.org> %d +0000\n" % (when + number * 3600))
        stream.append(blob(message))
        changed = dict(files) if number == 0 else {}
        if number:
            # Every 20th revision touches the benchmarked measure (the first of feld-01).
            path = (
                target_file
                if number % 20 == 0
                else rng.choice([p for p in files if "/fields/" in p])
            )
            text = files[path]
            matches = list(STATUS.finditer(text))
            match = matches[0] if number % 20 == 0 else rng.choice(matches)
            new = f"    status: {CYCLE[match.group(1)]}"
            files[path] = changed[path] = text[: match.start()] + new + text[match.end() :]
        for path, text in changed.items():
            stream.append(f"M 100644 inline {path}\n".encode() + blob(text))
        stream.append(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)
    return concept.id, target_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--revisions", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        start = time.perf_counter()
        concept_id, target_file = build(root, args.revisions)
        print(
            f"Repository: {args.revisions} revisions of the large concept "
            f"(built in {time.perf_counter() - start:.1f} s)"
        )
        measure = "feld-01-m-001"
        git_log = timed(
            lambda: subprocess.run(
                ["git", "log", "--format=%H", "--", target_file],
                cwd=root,
                capture_output=True,
                check=True,
            )
        )
        repository = konzeptdoc.Repository.open(root)
        start = time.perf_counter()
        entries = repository.history(concept_id, measure)
        cold = time.perf_counter() - start
        history = timed(lambda: repository.history(concept_id, measure))
        blame = timed(lambda: repository.blame(concept_id), repeat=1)
        print(row(f"git log --format=%H -- {target_file.split('/', 2)[2]}", git_log))
        next_process = timed(
            lambda: konzeptdoc.Repository.open(root).history(concept_id, measure), repeat=5
        )
        print(
            row(
                f"repo.history('{measure}'), fresh Repository, disk cache",
                next_process,
                f"= {next_process / git_log:.1f}x git log (a CLI call, after its imports)",
            )
        )
        print(
            row(
                f"repo.history('{measure}'), first call in the process",
                cold,
                f"= {cold / git_log:.1f}x git log (reads each version of its file once)",
            )
        )
        print(
            row(
                f"repo.history('{measure}') ({len(entries)} entries)",
                history,
                f"= {history / git_log:.2f}x git log (target <= 3x)",
            )
        )
        print(
            row(
                "repo.blame(concept) (1,320 goals and measures)",
                blame,
                f"= {blame / git_log:.1f}x git log",
            )
        )
        cold = konzeptdoc.Repository.open(root)
        start = time.perf_counter()
        cold.load(concept_id)
        first = time.perf_counter() - start
        second = timed(lambda: cold.load(concept_id))
        print(row("repo.load(HEAD), first", first))
        print(
            row(
                "repo.load(HEAD), second (parse cache)",
                second,
                f"= {first / second:.1f}x faster (target >= 10x)",
            )
        )
        concept = cold.load(concept_id)
        concept.fields[0].measures[1].status = "done"
        save = timed(lambda: _save(cold, concept_id), repeat=3)
        print(row("repo.save (one measure changed, one commit)", save))


def _save(repository: konzeptdoc.Repository, concept_id: str) -> None:
    concept = repository.load(concept_id)
    measure = concept.fields[0].measures[1]
    measure.status = CYCLE[measure.status]  # type: ignore[assignment]
    repository.save(concept, message="bench", author="Bench <bench@example.org>")


if __name__ == "__main__":
    main()
