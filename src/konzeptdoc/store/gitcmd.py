"""Plumbing: running git and reading objects, with every failure turned into a StoreError.

Objects are read through GitPython's `GitCmdObjectDB`, which keeps one `git cat-file --batch`
process open: reading a revision is a pipe round trip per blob, never a checkout. Commands
that need standard input or a private index run through `subprocess` with the git
executable GitPython resolved.

This is the one place konzeptdoc runs git, and a repository is untrusted input: its
.git/config (a repository mailed as a zip carries one) can name programs that git would run
– an fsmonitor, hooks, a gpg program to show signatures, clean/smudge filters, an external
diff, a pager, upload/receive-pack commands. Every git call gets the ``-c`` overrides
`gitsafe` names, and filters and pack commands defined by the repository itself are
overridden by name (`_repository_overrides`); only fetch, push and clone may connect
anywhere (`gitpipe.environment`).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from konzeptdoc.errors import (
    GitNotFoundError,
    NotARepositoryError,
    StoreError,
    UnknownRevisionError,
)
from konzeptdoc.files.paths import MAX_FILE_BYTES, too_large
from konzeptdoc.store import loose
from konzeptdoc.store.gitpipe import batch, environment
from konzeptdoc.store.gitsafe import FIXED, NAMED, overrides_from, position, read_only, remote
from konzeptdoc.store.gitsays import config_broken, meaning, unknown_revision

if TYPE_CHECKING:
    import git

ZERO = "0" * 40


def git_executable() -> str:
    """Path of the git executable.

    Raises:
        GitNotFoundError: git is not installed.
    """
    found = os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or _which(os.environ.get("PATH"))
    if not found:
        raise GitNotFoundError(
            "git ist nicht installiert oder nicht im Suchpfad (PATH): git installieren "
            "(z. B. „apt-get install git“)"
        )
    return found


@functools.lru_cache(maxsize=8)
def _which(search_path: str | None) -> str | None:
    # Searching PATH stats every folder in it: once per PATH, not once per repository opened.
    return shutil.which("git", path=search_path)


class Git:
    """git commands and object reads for one repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.executable = git_executable()
        self._repo: git.Repo | None = None
        self._overrides: list[str] | None = None
        #: Environment for every call, set where no ``-c`` can override the config.
        self._environment: dict[str, str] = {}
        #: The object folder of a plain repository (`discover.find`): loose objects in it
        #: are read without a process (`objects`).
        self.loose: Path | None = None

    def _config_args(self, args: Sequence[str]) -> list[str]:
        """``-c key=value`` for `SAFE_CONFIG` and for what the repository's config names.

        The repository's config is read once per `Git`, on the first command it could
        concern (`_READ_ONLY`).
        """
        if self._overrides is None:
            if read_only(args):
                return list(FIXED)
            self._overrides = list(FIXED)  # reading the config below must not recurse
            self._overrides = [*FIXED, *self._repository_overrides(FIXED)]
        return self._overrides

    def overrides(self) -> list[str]:
        """The ``-c`` settings every git call in this repository gets (`_config_args`): for
        a git that konzeptdoc does not start itself (a push's receiving side)."""
        return self._config_args(["config"])

    def _repository_overrides(self, fixed: Sequence[str]) -> list[str]:
        # Settings from the repository's own files (local, worktree, included): the user's
        # global config (git-lfs filters, an ssh command) is the user's choice and stays.
        done = self._run([*fixed, "config", "--show-scope", "--get-regexp", NAMED], check=False)
        args, variables = overrides_from(done.stdout.decode("utf-8", "replace"))
        self._environment.update(variables)
        return args

    @property
    def repo(self) -> git.Repo:
        """The GitPython repository (opened on first use: importing git is not free)."""
        if self._repo is None:
            import git

            try:
                self._repo = git.Repo(self.root, odbt=git.GitCmdObjectDB)
            except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
                raise NotARepositoryError("Hier ist kein git-Repository", path=self.root) from exc
            # Its persistent `git cat-file` reads objects only, but offline as every other
            # read (`environment`): a partial clone would fetch what it lacks.
            self._repo.git.update_environment(**environment(self._environment))
        return self._repo

    def close(self) -> None:
        """Stop the persistent git processes."""
        if self._repo is not None:
            self._repo.close()
            self._repo = None

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        check: bool = True,
    ) -> str:
        """Run ``git ARGS`` in the repository; return its standard output as text.

        Raises:
            StoreError: git failed (the message carries git's own words).
        """
        return self.run_bytes(*args, input=input, env=env, check=check).decode("utf-8")

    def run_bytes(
        self,
        *args: str,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        check: bool = True,
    ) -> bytes:
        return self.call(*args, input=input, env=env, check=check).stdout

    def call(
        self,
        *args: str,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        check: bool = True,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run ``git ARGS``; the whole result (exit status, stdout, stderr) for callers that
        judge git's words themselves.

        Raises:
            StoreError: git failed and `check` is set.
        """
        result = self._run([*self._config_args(args), *args], input=input, env=env, check=False)
        if result.returncode == 0:
            return result
        message = result.stderr.decode("utf-8", "replace").strip()
        # A config git cannot read is never an answer (it read as "unknown revision" or
        # "no name set"): said as what it is, whether the caller checks or not.
        if check or config_broken(message):
            raise StoreError(
                f"git {args[position(args)]} ist fehlgeschlagen: {meaning(message)}",
                path=self.root,
            )
        return result

    def _run(
        self,
        args: list[str],
        *,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        check: bool,
    ) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                [self.executable, *args],
                cwd=self.root,
                input=input,
                # Never the user's terminal: a repository's config can include "/dev/stdin"
                # (git then waited for typing) and no prompt may appear.
                stdin=subprocess.DEVNULL if input is None else None,
                env=environment({**self._environment, **(env or {})}, remote=remote(args)),
                capture_output=True,
                check=check,
            )
        except FileNotFoundError as exc:
            raise GitNotFoundError("git kann nicht gestartet werden: ist es installiert?") from exc

    def succeeds(self, *args: str) -> bool:
        """Whether ``git ARGS`` exits with status 0 (for questions git answers that way)."""
        return self.call(*args, check=False).returncode == 0

    def rev_parse(self, revision: str) -> str:
        """The full commit sha `revision` names (sha, branch, tag, HEAD~2 …).

        Raises:
            UnknownRevisionError: It names no commit.
        """
        if not revision or revision.startswith("-"):
            # git would read it as an option.
            raise UnknownRevisionError(f"Unbekannte Revision „{revision}“", path=self.root)
        if self._repo is not None and (revision == "HEAD" or revision.startswith("refs/heads/")):
            # In process (GitPython reads the ref files): a subprocess costs ~3 ms, but
            # importing GitPython ~100 ms, which a short command like `log` must not pay.
            try:
                return str(self.repo.rev_parse(revision).hexsha)
            except Exception:  # an unborn branch or odd ref: git itself decides below
                pass
        out = self.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False)
        sha = out.strip()
        if not sha:
            tags = self.run_bytes("tag", "--list", check=False).decode(errors="replace").split()
            raise UnknownRevisionError(
                unknown_revision(revision, tags),
                path=self.root,
            )
        return sha

    def blob_bytes(self, sha: str, path: Path | None = None) -> bytes:
        """The contents of a blob, read through the persistent cat-file process.

        Blobs are concept data: one over `MAX_FILE_BYTES` is refused from the size in
        cat-file's header, before its contents are held (`path` names it in the error).

        Raises:
            FileTooLargeError: The blob is larger than a concept data file may be.
            StoreError: The repository lacks the blob (`missing`).
        """
        try:
            stream: Any = self.repo.odb.stream(bytes.fromhex(sha))
        except ValueError:  # "… missing": GitPython's word for an object git lacks
            self.missing(sha, path)
        if stream.size > MAX_FILE_BYTES:
            while stream.read(1 << 20):  # drain in chunks: the next object follows it
                pass
            self.refuse(sha, stream.size, path)
        data: bytes = stream.read()
        return data

    def objects(self, names: Sequence[str]) -> list[tuple[str, bytes] | None]:
        """(type, contents) of each object named (a sha, ``refs/tags/x`` …), in one
        ``git cat-file --batch`` run; None for a name git does not know.

        For a known set this beats the persistent process: no GitPython import, one round
        trip for all of them. Objects are read one by one from the pipe, each after its
        header: one over `MAX_FILE_BYTES` (a hostile history's huge blob or tag) is refused
        before its contents are read.

        Raises:
            FileTooLargeError: An object is larger than a concept data file may be (the
                error names its file and the revision that brought it, where git knows).
        """
        found: list[tuple[str, bytes] | None] = [None] * len(names)
        asked: list[int] = []  # what git answers: all but the loose objects read directly
        for index, name in enumerate(names):
            got = None if self.loose is None else loose.read(self.loose, name, MAX_FILE_BYTES)
            if got is None:
                asked.append(index)
            found[index] = got
        args = ["cat-file", "--batch"]
        command = [self.executable, *self._config_args(args), *args] if asked else []
        answers = batch(command, self.root, [names[i] for i in asked], MAX_FILE_BYTES)
        if isinstance(answers, tuple):
            self.refuse(*answers, None)
        if len(answers) != len(asked):
            raise StoreError("git cat-file hat nicht alle Objekte geliefert", path=self.root)
        for index, answer in zip(asked, answers, strict=True):
            found[index] = answer
        return found

    def refuse(self, name: str, size: int, path: Path | None) -> NoReturn:
        """Raise FileTooLargeError for an object of `size` bytes, naming its file and the
        revision that brought it in (git looks that up: it costs a log, paid only here).

        Raises:
            FileTooLargeError: Always.
        """
        path, revision = self._origin(name, path)
        raise too_large(size, path, revision)

    def missing(self, name: str, path: Path | None) -> NoReturn:
        """Raise StoreError for an object the history names but the repository lacks: a
        partial clone (its objects are never fetched, see `gitpipe.environment`), an archive
        packed without all of ``.git/objects``, a damaged repository.

        Raises:
            StoreError: Always.
        """
        path, revision = self._origin(name, path)
        source = f" (eingecheckt mit {revision})" if revision else ""
        # Readable (its header at least: -e only looks for the file), but the pipe said no.
        if self.succeeds("cat-file", "-t", name):
            raise StoreError(
                f"git hat den Inhalt dieser Datei{source} nicht geliefert, obwohl er im "
                "Repository ist: die git-Einstellungen des Repositorys prüfen (.git/config "
                "und was es einbindet)",
                path=path or self.root,
            )
        raise StoreError(
            f"Der Inhalt dieser Datei{source} fehlt im Repository oder ist beschädigt: "
            "das Repository ist unvollständig (etwa eine Teilkopie mit „git clone "
            "--filter“ oder ein Archiv ohne alle Dateien unter .git) oder beschädigt; "
            "konzeptdoc holt nichts nach. „git fsck“ zeigt, was fehlt; das Repository "
            "vollständig neu klonen",
            path=path or self.root,
        )

    def _origin(self, name: str, path: Path | None) -> tuple[Path | None, str]:
        """(file, revision) through which object `name` came into the history, as far as
        git knows (`path` if given)."""
        revision = ""
        found = self.call(
            "-c",
            "core.quotePath=false",
            "log",
            "--all",
            "--no-abbrev",
            "--raw",
            "--no-renames",
            "--format=%x1e%H%x1f%s",
            f"--find-object={name}",
            check=False,
        ).stdout.decode("utf-8", "replace")
        records = found.split("\x1e")
        if len(records) > 1:  # newest first: the last names the commit that brought it
            short, _, rest = records[-1].partition("\x1f")
            subject, _, raw = rest.partition("\n")
            subject = subject if len(subject) <= 60 else subject[:59] + "…"
            revision = f"Revision {short[:7]} „{subject}“"
            files = [line.split("\t", 1)[1] for line in raw.splitlines() if "\t" in line]
            if path is None and files:
                path = Path(files[0])
        if path is None and name.startswith("refs/"):
            path = Path(name)
        return path, revision

    def ls_tree(self, revision: str, path: str) -> dict[str, str]:
        """{path: blob sha} of every file under `path` at `revision` (paths relative to it)."""
        out = self.run_bytes("ls-tree", "-r", "-z", "--full-tree", revision, "--", path)
        files: dict[str, str] = {}
        prefix = path.rstrip("/") + "/"
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, name = entry.split(b"\t", 1)
            kind, sha = meta.split(b" ")[1:3]
            if kind == b"blob":
                text = name.decode("utf-8")
                files[text[len(prefix) :] if text.startswith(prefix) else text] = sha.decode()
        return files

    def hash_objects(self, blobs: Sequence[bytes]) -> list[str]:
        """Write blobs into the object database; return their shas.

        Loose objects are written to a temporary file and renamed, so a crash leaves at most
        an unreferenced object, never a broken one.
        """
        from io import BytesIO

        from gitdb.base import IStream  # type: ignore[import-untyped]

        shas = []
        for data in blobs:
            stream = IStream("blob", len(data), BytesIO(data))
            self.repo.odb.store(stream)
            shas.append(
                stream.hexsha.decode() if isinstance(stream.hexsha, bytes) else stream.hexsha
            )
        return shas


def initial_branch() -> str:
    """The branch `Repository.init` creates."""
    return "main"
