"""Writing a file all at once: a reader sees the old or the new file, never half of one.

Kept apart from `files.save` (which needs the model) so that the store's light paths – the
lock, the journal, `konzeptdoc log` – can write without importing pydantic.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from konzeptdoc.errors import KonzeptdocError


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a reader sees the old or the new file, never half."""
    write_atomically_bytes(path, text.encode("utf-8"))


def write_atomically_bytes(path: Path, data: bytes) -> None:
    """`write_atomically` for bytes (documents): never a half-written file at `path`.

    The file gets the permissions a plain ``open()`` would give it (0644 under the usual
    umask 022) or keeps those it had; mkstemp alone would leave it private (0600).
    """
    temporary = _staged(path, data)
    try:
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_files(changes: Mapping[Path, bytes | None]) -> None:
    """Write (bytes) or delete (None) several files: all of them, or none where writing
    fails (a full disk, a quota). Every new file is written completely beside its target
    first; only then are they renamed over their targets, which needs no space. Ctrl-C
    and SIGTERM wait until the set is done (`uninterrupted`).

    A concept's files belong together (a measure names a goal of another file): written
    one by one, a full disk at the third left the first two new and the rest old.
    """
    staged: list[tuple[Path, Path]] = []
    with uninterrupted():
        try:
            for path, data in changes.items():
                if data is not None:
                    staged.append((_staged(path, data), path))
        except BaseException:
            for temporary, _ in staged:
                with contextlib.suppress(OSError):
                    temporary.unlink()
            raise
        for temporary, path in staged:
            temporary.replace(path)
        for path, data in changes.items():
            if data is None:
                path.unlink(missing_ok=True)


def _staged(path: Path, data: bytes) -> Path:
    """`data` written and synced to a new file beside `path`, to be renamed over it."""
    import tempfile  # here: the store's light paths (`log`) import this module, never write

    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(path.stat(follow_symlinks=False).st_mode) and not path.is_symlink():
            # Renaming over /dev/full or a pipe would replace it (as root, the device).
            raise KonzeptdocError(
                "ist keine Datei, sondern ein Ordner, ein Gerät oder eine Pipe: dorthin "
                "schreibt konzeptdoc nicht; einen Dateinamen angeben",
                path=path,
            )
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:  # said of the file the user named, not of our temporary one
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(exc, OSError) and exc.filename is None and exc.errno is not None:
            # A full disk or a quota, said of the file the user named.
            raise type(exc)(exc.errno, exc.strerror, str(path)) from None
        raise
    return Path(temporary)


def _umask() -> int:
    # Linux tells the umask without changing it; elsewhere reading it means setting it
    # for a moment (which a thread creating a file at that moment would notice).
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) and SIGTERM while a set of files is written: each file is
    replaced whole anyway, but an interruption between two of them would leave a concept
    half saved (a measure pointing at a goal whose file was not written yet). The signal
    takes effect right after the block. Python runs signal handlers in the main thread
    only, so elsewhere the block runs as it is."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(number: int, _: object) -> None:
        caught.append(number)

    previous: dict[int, Any] = {
        number: signal.signal(number, hold) for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)  # Python's own: KeyboardInterrupt
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), caught[0])  # the default action, now
