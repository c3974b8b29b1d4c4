"""Which git settings a repository can use to run a program, and how every git call
konzeptdoc makes switches them off (`gitcmd.Git` applies them).

A repository is untrusted input: its .git/config (a repository mailed as a zip carries
one) can name programs that git would run – an fsmonitor, hooks, a gpg program to show
signatures, clean/smudge filters, an external diff, a pager, upload/receive-pack commands.
`SAFE_CONFIG` is given to every call as ``-c`` options; settings that carry a name of the
repository's choosing (a filter driver, a remote, a credential helper) are found in its
config and overridden by name (`overrides_from`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from konzeptdoc.store.gitpipe import REMOTE_COMMANDS

#: Config that would make git run a program, switched off for every call konzeptdoc makes.
SAFE_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),  # no hook runs: konzeptdoc commits, tags and moves refs
    ("core.pager", "cat"),
    ("log.showSignature", "false"),  # would run gpg.program on every signed commit
    ("commit.gpgSign", "false"),
    ("tag.gpgSign", "false"),
    ("tag.forceSignAnnotated", "false"),
    ("merge.verifySignatures", "false"),
    ("diff.external", ""),
    ("core.askPass", ""),
    ("protocol.ext.allow", "never"),
    # Submodules bring repositories whose own config (helpers, proxies) is not scanned here;
    # concept repositories have none, so a fetch or push never enters one.
    ("submodule.recurse", "false"),
    ("fetch.recurseSubmodules", "false"),
    ("push.recurseSubmodules", "no"),
)
# Per-name settings that run programs: overridden when the repository's own config sets them.
NAMED = (
    r"^(filter\..+\.(clean|smudge|process)|remote\..+\.(uploadpack|receivepack)|core\.sshcommand"
    r"|credential\.(.+\.)?helper|core\.gitproxy)$"
)
_NEUTRAL = {"uploadpack": "git-upload-pack", "receivepack": "git-receive-pack"}
#: Config scopes of the repository itself (not the user's global or the system's).
_OWN = ("local", "worktree", "command")
# Commands that only read objects and refs: they never convert between work tree and object
# database (where clean/smudge filters run) nor talk to a remote (pack and ssh commands), so
# the per-name settings `NAMED` matches cannot reach them and asking the repository's config
# for those (one more process) is skipped. `SAFE_CONFIG` still applies to them.
_READ_ONLY = frozenset({"rev-parse", "log", "for-each-ref", "show-ref", "ls-tree", "merge-base"})
_RUNS_FILTERS = ("--filters", "--textconv", "--path")


FIXED = tuple(arg for key, value in SAFE_CONFIG for arg in ("-c", f"{key}={value}"))


def position(args: Sequence[str]) -> int:
    """Where the command's name is in ``git ARGS`` (after any ``-c`` options)."""
    position = 0
    while position + 1 < len(args) and args[position] == "-c":
        position += 2
    return position


def remote(args: Sequence[str]) -> bool:
    """Whether ``git ARGS`` is one of the `REMOTE_COMMANDS` (the only ones allowed to connect)."""
    at = position(args)
    return at < len(args) and args[at] in REMOTE_COMMANDS


def read_only(args: Sequence[str]) -> bool:
    """Whether ``git ARGS`` is a `_READ_ONLY` command (``cat-file --batch`` too, which reads
    objects as stored unless asked to filter them)."""
    at = position(args)
    command = args[at] if at < len(args) else ""
    if command == "cat-file":
        return not any(a.startswith(_RUNS_FILTERS) for a in args[at + 1 :])
    return command in _READ_ONLY


def overrides_from(found: str) -> tuple[list[str], dict[str, str]]:
    """(``-c`` options, environment variables) that switch off what ``git config
    --show-scope --get-regexp NAMED`` `found` in the repository's own files (local,
    worktree, included): the user's global config (git-lfs filters, an ssh command) is the
    user's choice and stays."""
    variables: dict[str, str] = {}
    entries = []
    for line in found.splitlines():
        scope, _, rest = line.partition("\t")
        key, _, value = rest.partition(" ")
        entries.append((scope, key, value))
    args: list[str] = []
    for key in dict.fromkeys(k for s, k, _ in entries if s in _OWN and k):
        if key == "core.gitproxy":
            # First match wins, so no later -c can undo it; set, the variable makes git
            # ignore every core.gitProxy (it ran the repository's program on a pull).
            variables["GIT_PROXY_COMMAND"] = os.environ.get("GIT_PROXY_COMMAND", "")
            continue
        if key.startswith("credential."):
            # A list: an empty value clears it (the repository's helper – "!sh -c …"
            # ran on a pull that met a login), then the user's own helpers come back.
            args += ["-c", f"{key}="]
            for _, _, users in (e for e in entries if e[1] == key and e[0] not in _OWN):
                args += ["-c", f"{key}={users}"]
            continue
        value = _NEUTRAL.get(key.rsplit(".", 1)[-1], "ssh" if key == "core.sshcommand" else "")
        args += ["-c", f"{key}={value}"]
    return args, variables
