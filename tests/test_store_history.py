"""History, blame and the CLI on the sample repositories replayed by the demo."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from konzeptdoc import Repository, UnknownConceptError, UnknownEntityError, UnknownRevisionError
from konzeptdoc.cli import main
from konzeptdoc.german.names import entity_names
from konzeptdoc.samples.demo import replay, samples_dir
from konzeptdoc.store.records import BlameLine, Revision
from konzeptdoc.store.revisions import Revisions

pytestmark = pytest.mark.usefixtures("isolated_git")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("demo")
    return {
        name: replay(samples_dir() / name, root / name).path
        for name in ("wetzlar", "wiesbaden", "wolfsburg")
    }


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), stdout=out), out.getvalue()


def test_replay_has_history_and_releases(demo: dict[str, Path]) -> None:
    with Repository.open(demo["wiesbaden"]) as repository:
        assert repository.concepts() == ["ik-gefluechtete", "integrationskonzept"]
        assert [r.tag for r in repository.releases()] == [
            "ik-gefluechtete/2016-07-14",
            "ik-gefluechtete/2017-03-30",
            "integrationskonzept/2020-07-09",
        ]
        dates = [r.date.date().isoformat() for r in repository.log()]
        assert dates[0] == "2025-11-12" and "2016-07-14" in dates


def test_field_rename_is_a_rename(demo: dict[str, Path]) -> None:
    with Repository.open(demo["wolfsburg"]) as repository:
        entries = repository.history("vielfalt-leben", "bildung")
    assert [e.kind for e in entries] == ["added", "renamed"]
    title = next(c for c in entries[1].changes if c.key == "title")
    assert (title.old, title.new) == ("Vorschulische und schulische Bildung", "Bildung")


def test_measure_move_between_fields_is_a_move(demo: dict[str, Path]) -> None:
    with Repository.open(demo["wiesbaden"]) as repository:
        entries = repository.history("integrationskonzept", "m-mentoring-ausbildung")
    assert [e.kind for e in entries] == ["added", "moved"]
    assert entries[1].moved_from == "bildung-sprache" and entries[1].file.endswith(
        "fields/arbeit.yaml"
    )


def test_goal_rename_removal_and_status(demo: dict[str, Path]) -> None:
    with Repository.open(demo["wiesbaden"]) as repository:
        assert [e.kind for e in repository.history("integrationskonzept", "hz-dialog")] == [
            "added",
            "renamed",
        ]
        removed = repository.history("integrationskonzept", "m-vereinslotsen")
        assert [e.kind for e in removed] == ["added", "removed"]
        assert removed[0].releases == ("integrationskonzept/2020-07-09",)
        [_, done] = repository.history("integrationskonzept", "m-sprachkitas")
        assert [(c.key, c.old, c.new) for c in done.changes] == [("status", "planned", "done")]


def test_comment_only_change_is_not_a_change(demo: dict[str, Path]) -> None:
    # 05 adds a comment line above m-mentoring-ausbildung in arbeit.yaml: m-frauen-in-arbeit
    # changes only its status there, nothing else.
    with Repository.open(demo["wiesbaden"]) as repository:
        entries = repository.history("integrationskonzept", "m-frauen-in-arbeit")
    assert [(e.kind, [c.key for c in e.changes]) for e in entries] == [
        ("added", []),
        ("modified", ["status"]),
    ]


def test_blame_names_the_deciding_release(demo: dict[str, Path]) -> None:
    with Repository.open(demo["wolfsburg"]) as repository:
        lines = {line.entity: line for line in repository.blame("vielfalt-leben")}
    assert (
        lines["lz-bildung"].release is not None
        and lines["lz-bildung"].release.tag == "vielfalt-leben/2011-06-29"
    )
    new_goal = lines["lz-frauen-fluchterfahrung"]
    assert new_goal.release is not None and new_goal.release.number == "V 2020/0412"
    assert new_goal.revision.date.date().isoformat() == "2020-06-22"


def _blame_by_loading(repository: Repository, concept_id: str) -> list[BlameLine]:
    """Blame the slow way: every revision loaded whole, each goal and measure compared as data."""
    revisions = repository.log(concept_id)[::-1]
    order = {revision.sha: number for number, revision in enumerate(revisions)}
    state: dict[str, tuple[str, dict[str, object]]] = {}
    last: dict[str, Revision] = {}
    for revision in revisions:
        concept = repository.load(concept_id, revision.sha)
        for field in concept.fields:
            for entity in [*field.goals, *field.measures]:
                seen = (field.id, entity.model_dump())
                if state.get(entity.id) != seen:
                    last[entity.id] = revision
                state[entity.id] = seen
    releases = sorted(
        (r for r in repository.releases() if r.concept in (None, concept_id) and r.sha in order),
        key=lambda r: order[r.sha],
    )
    lines = []
    names = entity_names(repository.load(concept_id))
    for field in repository.load(concept_id).fields:
        kinds = [("goal", g) for g in field.goals] + [("measure", m) for m in field.measures]
        for kind, entity in kinds:
            revision = last[entity.id]
            release = next((r for r in releases if order[r.sha] >= order[revision.sha]), None)
            file = f"fields/{field.id}.yaml"
            name = names[entity.id]
            lines.append(BlameLine(entity.id, kind, entity.label(), file, revision, release, name))
    return lines


def test_blame_is_what_loading_every_revision_finds(demo: dict[str, Path]) -> None:
    # Blame reads only text of the changed files; loading each revision whole must agree.
    checked, revisions = 0, set()
    for path in demo.values():
        with Repository.open(path) as repository:
            for concept_id in repository.concepts():
                expected = _blame_by_loading(repository, concept_id)
                assert repository.blame(concept_id) == expected
                with Repository.open(path) as fresh:  # from the disk cache
                    assert fresh.blame(concept_id) == expected
                light = Revisions.open(path)
                assert light is not None and light.blame(concept_id) == expected
                checked += len(expected)
                revisions |= {line.revision.sha for line in expected}
    assert checked > 90 and len(revisions) > 5


def test_blame_names_unknown_revisions_and_concepts(demo: dict[str, Path]) -> None:
    light = Revisions.open(demo["wolfsburg"])
    assert light is not None
    with pytest.raises(UnknownRevisionError):
        light.blame("vielfalt-leben", rev="no-such-branch")
    with pytest.raises(UnknownConceptError, match="vielfalt-leben"):
        light.blame("no-such-concept")
    older = light.blame("vielfalt-leben", rev="vielfalt-leben/2011-06-29")
    assert older and all(line.revision.date.year == 2011 for line in older)


def test_blame_survives_a_broken_cache(tmp_path: Path) -> None:
    root = replay(samples_dir() / "wolfsburg", tmp_path / "wolfsburg").path
    with Repository.open(root) as repository:
        expected = repository.blame("vielfalt-leben")
        bundles = list((repository.item_cache.folder / "bundles").iterdir())
    assert bundles
    for broken in ('{"entries": [], "texts": 3', '{"entries": {}, "texts": {}, "outlines": '
                   '{"x": [[1, 2]]}, "memo": {"last 0": {"a": "b"}}}', "[]"):  # fmt: skip
        for bundle in bundles:
            bundle.write_text(broken)
        with Repository.open(root) as repository:
            assert repository.blame("vielfalt-leben") == expected


def test_blame_from_the_cache_imports_no_model(demo: dict[str, Path]) -> None:
    code = (
        "import sys; from konzeptdoc.store.revisions import Revisions; "
        f"lines = Revisions.open({str(demo['wolfsburg'])!r}).blame('vielfalt-leben'); "
        "print(len(lines), [m for m in ('pydantic', 'git', 'ruamel') if m in sys.modules])"
    )
    for _ in range(2):  # the first may fill the cache
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    count, modules = done.stdout.split(" ", 1)
    assert int(count) > 10 and modules.strip() == "[]", done.stderr


def test_cli_log_show_history_blame_releases(demo: dict[str, Path]) -> None:
    root = str(demo["wolfsburg"])
    status, out = run("-C", root, "log", "vielfalt-leben")
    assert status == 0 and "[vielfalt-leben/2020-07-15]" in out.splitlines()[0]
    assert out.splitlines()[-1][7:21] == "  29.06.2011  "  # dates as in history and blame
    status, out = run("-C", root, "show", "vielfalt-leben", "--as-of", "2015-01-01")
    assert "Vorschulische und schulische Bildung" in out and "Stand 29.06.2011" in out
    status, out = run("-C", root, "show", "vielfalt-leben", "--rev", "vielfalt-leben/2020-07-15")
    assert "\n  1 Bildung: 1 Leitziel, 3 Handlungsziele, 3 Maßnahmen\n" in out
    assert "Maßnahmen nach Stand: " in out
    assert (
        "Maßnahmen nach Stand: 6 geplant, 1 umgesetzt" in out
    )  # the count first, as the report says it
    assert "(Beschluss: Rat der Stadt Wolfsburg, 15.07.2020, Nr. V 2020/0412)" in out
    # the Vorlage by number and subject ("Beschlussvorlage: Beschlussvorlage" said nothing)
    assert (
        "\nBeschlussvorlage: V 2020/0412 „Integrationskonzept ‚Vielfalt leben‘ – Ergänzung" in out
    )
    status, out = run("-C", root, "history", "vielfalt-leben", "bildung")
    assert out.startswith("Handlungsfeld 1 „Bildung“\n")
    assert "umbenannt" in out and "Titel: Vorschulische und schulische Bildung → Bildung" in out
    with (  # before the concept's first revision: said so, not "no entity"
        Repository.open(demo["wiesbaden"]) as wiesbaden,
        pytest.raises(UnknownConceptError, match="bis zur Revision"),
    ):
        wiesbaden.history("integrationskonzept", "m-sprachkitas", rev="ik-gefluechtete/2016-07-14")
    status, out = run("-C", root, "blame", "vielfalt-leben")
    assert "V 2020/0412" in out and "Maßnahme 1.1 „" in out and "noch nicht beschlossen" not in out
    status, out = run("-C", root, "releases")
    assert out.count("\n") == 2


def test_cli_init_new_commit(tmp_path: Path) -> None:
    root = tmp_path / "neu"
    assert run("init", str(root), "--municipality", "Stadt Musterhausen")[0] == 0
    assert (
        run(
            "-C",
            str(root),
            "new",
            "ik-2027",
            "--title",
            "Integrationskonzept 2027–2031",
            "--period",
            "2027-2031",
        )[0]
        == 0
    )
    status, out = run("-C", str(root), "commit", "-m", "Neues Konzept", "--author", "A <a@b.de>")
    assert status == 0 and out.startswith("[")
    status, out = run("-C", str(root), "commit", "-m", "nochmal")
    assert "Nichts zu committen" in out
    concept = root / "concepts/ik-2027/concept.yaml"
    concept.write_text(concept.read_text().replace("status: draft", "status: entwurf"))
    status, out = run("-C", str(root), "commit", "-m", "kaputt")
    assert status == 1 and "Nichts committet" in out and "„entwurf“ ist kein zulässiger Wert" in out


def test_a_cache_inside_the_repository_is_never_read(tmp_path: Path) -> None:
    # A repository mailed as a zip brings its .git folder: a cache in there would be the
    # sender's word on what the history says.
    root = replay(samples_dir() / "wolfsburg", tmp_path / "wolfsburg").path
    with Repository.open(root) as repository:
        expected = repository.blame("vielfalt-leben")
        folder = repository.item_cache.folder
    assert not folder.is_relative_to(root) and not (root / ".git" / "konzeptdoc").exists()
    planted = root / ".git" / "konzeptdoc"
    shutil.copytree(folder, planted)
    shutil.rmtree(folder)
    for bundle in (planted / "bundles").iterdir():
        bundle.write_text('{"entries": {}, "texts": {}, "outlines": {}, "memo": {"x": {"a": "b"}}}')
    with Repository.open(root) as repository:
        assert repository.blame("vielfalt-leben") == expected


def test_disk_cache_serves_the_next_process_and_survives_damage(demo: dict[str, Path]) -> None:
    with Repository.open(demo["wiesbaden"]) as first:
        expected = first.history("integrationskonzept", "m-mentoring-ausbildung")
        cache = first.item_cache.folder
    indexes = sorted((cache / "items").rglob("*"))
    assert any(p.is_file() for p in indexes) and any((cache / "texts").rglob("*"))
    with Repository.open(demo["wiesbaden"]) as second:  # reads the disk cache
        assert second.history("integrationskonzept", "m-mentoring-ausbildung") == expected
    for path in indexes:  # torn entries are computed again, never trusted
        if path.is_file():
            path.write_bytes(b"{torn")
    with Repository.open(demo["wiesbaden"]) as third:
        assert third.history("integrationskonzept", "m-mentoring-ausbildung") == expected


def test_history_of_an_entity_named_by_its_number(
    demo: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    release = "integrationskonzept/2020-07-09"
    with Repository.open(demo["wiesbaden"]) as repository:
        by_id = repository.history("integrationskonzept", "m-mentoring-ausbildung")
        assert repository.history("integrationskonzept", "Maßnahme 2.3") == by_id
        # The number is read in the revision asked for: 1.3 then, 2.3 since the move.
        then = repository.history("integrationskonzept", "massnahme 1.3", rev=release)
        assert then == by_id[:1] and then[0].kind == "added"
        assert repository.history("integrationskonzept", "Maßnahme 1.3") != by_id
        with pytest.raises(UnknownEntityError, match=r"„Maßnahme 2\.3“ in der Revision"):
            repository.history("integrationskonzept", "Maßnahme 2.3", rev=release)
    root = str(demo["wiesbaden"])
    status, out = run("-C", root, "history", "integrationskonzept", "Handlungsfeld 3")
    assert status == 0 and out.startswith("Handlungsfeld 3 „Gesundheit“\n")
    status, out = run("-C", root, "history", "integrationskonzept", "Ziel 1.2")
    assert status == 0 and out.startswith("Handlungsziel 1.2 „")
    assert run("-C", root, "history", "integrationskonzept", "1.2") == (2, "")
    err = capsys.readouterr().err
    assert "„1.2“ ist im Konzept „integrationskonzept“ mehrdeutig: Handlungsziel 1.2 „" in err
    assert "“ oder Maßnahme 1.2 „Alltagsintegrierte Sprachbildung in Kitas“" in err
    for unknown in ("9.9", "Leitziel 1.7", "Beitrag 99"):
        assert run("-C", root, "history", "integrationskonzept", unknown) == (2, "")
        assert f"gibt es „{unknown}“ nicht" in capsys.readouterr().err


def test_blame_reads_a_moved_release_tag_again(tmp_path: Path) -> None:
    # Kept tags are checked against the ref files, packed or loose, before each blame.
    root = replay(samples_dir() / "wolfsburg", tmp_path / "wolfsburg").path
    tag = "vielfalt-leben/2011-06-29"
    with Repository.open(root) as repository:
        expected = repository.blame("vielfalt-leben")
    subprocess.run(["git", "-C", str(root), "pack-refs", "--all"], check=True)
    with Repository.open(root) as repository:
        assert repository.blame("vielfalt-leben") == expected
    retag = ["git", "-C", str(root), "tag", "-f", "-a", "-m", "Kein Beschluss", tag, f"{tag}^{{}}"]
    subprocess.run(retag, check=True, capture_output=True)
    with Repository.open(root) as repository:
        moved = {line.entity: line for line in repository.blame("vielfalt-leben")}
        assert moved == {
            line.entity: line for line in _blame_by_loading(repository, "vielfalt-leben")
        }
    assert moved["lz-bildung"].release is None or moved["lz-bildung"].release.tag != tag
    before = {line.entity: line for line in expected}
    assert before["lz-bildung"].release is not None and before["lz-bildung"].release.tag == tag
