"""The adapter over the system ``git`` binary: one place that starts git, with timeouts,
cancellation (the whole process group is killed), progress lines and clear errors.

Git runs with the writer's own configuration, credential helpers, SSH agent and hooks;
it never prompts on a terminal (``GIT_TERMINAL_PROMPT=0``, no controlling terminal), so a
missing password becomes :class:`GitAuthError` for the window to ask about.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Seconds a local git command may take; network ones get ``NETWORK_TIMEOUT``.
LOCAL_TIMEOUT = 60.0
NETWORK_TIMEOUT = 180.0

Progress = Callable[[str], None]


class GitError(Exception):
    """A git command failed; ``str()`` is one line a writer can read."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class GitNotFoundError(GitError):
    """The ``git`` program is not installed."""


class GitAuthError(GitError):
    """The remote wants a password/token (``rejected`` False) or refused the one given."""

    def __init__(self, message: str, url: str, rejected: bool, detail: str = "") -> None:
        super().__init__(message, detail)
        self.url = url
        self.rejected = rejected


class GitNetworkError(GitError):
    """The remote could not be reached."""


class GitCancelled(GitError):
    """The writer cancelled, or the command ran past its timeout."""


@dataclass
class Credential:
    """A username and password/token the writer typed, passed to git for one command only.

    It reaches git through the environment of that one process (a credential helper
    reads it from there); Dateline never writes it anywhere.
    """

    username: str
    password: str = field(repr=False)


class CancelToken:
    """Set from any thread to stop the running git command (and its children)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the running command to stop."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when cancelled meanwhile."""
        return self._event.wait(seconds)


# A credential helper that answers ``get`` from this process's environment only.
_HELPER = (
    '!f() { test "$1" = get || exit 0; '
    'printf "username=%s\\npassword=%s\\n" "$DATELINE_GIT_USERNAME" "$DATELINE_GIT_PASSWORD"; }; f'
)

_AUTH_NEEDED_RE = re.compile(
    r"could not read (?:Username|Password) for '([^']*)'|terminal prompts disabled", re.I
)
_AUTH_FAILED_RE = re.compile(
    r"Authentication failed for '([^']*)'|HTTP Basic: Access denied|"
    r"The requested URL returned error: 40[13]|invalid credentials",
    re.I,
)
_NETWORK_RE = re.compile(
    r"Could not resolve host|Connection refused|Connection timed out|Failed to connect|"
    r"unable to access|Could not read from remote repository|does not appear to be a git "
    r"repository|Operation too slow|Network is unreachable",
    re.I,
)
_URL_RE = re.compile(r"'((?:https?|ssh|git|file)://[^']*)'")


def _base_env(extra: Mapping[str, str] | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
            "LANGUAGE": "C",
            "GIT_PAGER": "cat",
            # File names are names, never patterns ('[draft]*.md' is a valid post name).
            "GIT_LITERAL_PATHSPECS": "1",
        }
    )
    # An askpass program of the desktop would pop up its own window; the app asks instead.
    for name in ("GIT_ASKPASS", "SSH_ASKPASS"):
        env.pop(name, None)
    if extra:
        env.update(extra)
    return env


class Git:
    """Runs git in one work tree. Thread-safe: each call starts its own process."""

    def __init__(self, workdir: Path, credential: Credential | None = None) -> None:
        self.workdir = Path(workdir)
        self.credential = credential
        self._helpers: list[str] | None = None

    def _credential_args(self) -> tuple[list[str], dict[str, str]]:
        if self.credential is None:
            return [], {}
        if self._helpers is None:
            out = self.run(["config", "--get-all", "credential.helper"], check=False)
            self._helpers = [h for h in out.stdout.splitlines() if h.strip()]
        # Ours first (the writer just typed it), then the writer's helpers so that a
        # password git accepts is stored where the writer keeps passwords (their keyring).
        args = ["-c", "credential.helper=", "-c", f"credential.helper={_HELPER}"]
        for helper in self._helpers:
            args += ["-c", f"credential.helper={helper}"]
        env = {
            "DATELINE_GIT_USERNAME": self.credential.username,
            "DATELINE_GIT_PASSWORD": self.credential.password,
        }
        return args, env

    def run(
        self,
        args: Sequence[str],
        *,
        check: bool = True,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = LOCAL_TIMEOUT,
        cancel: CancelToken | None = None,
        progress: Progress | None = None,
        network: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``git ARGS`` in the work tree; raise :class:`GitError` on failure when ``check``.

        stdout is decoded as UTF-8 (``surrogateescape``); stderr lines go to ``progress``.
        """
        result = self.run_bytes(
            args, check=check, input=input, env=env, timeout=timeout, cancel=cancel,
            progress=progress, network=network,
        )
        return subprocess.CompletedProcess(
            result.args, result.returncode,
            result.stdout.decode("utf-8", "surrogateescape"),
            result.stderr.decode("utf-8", "replace"),
        )

    def run_bytes(
        self,
        args: Sequence[str],
        *,
        check: bool = True,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = LOCAL_TIMEOUT,
        cancel: CancelToken | None = None,
        progress: Progress | None = None,
        network: bool = False,
    ) -> subprocess.CompletedProcess[bytes]:
        """Like :meth:`run` with stdout as bytes (file contents)."""
        pre: list[str] = []
        extra = dict(env or {})
        if network:
            cred_args, cred_env = self._credential_args()
            pre += cred_args
            extra.update(cred_env)
            # A stalled transfer (under 1 KB/s for 30 s) fails instead of hanging for ever.
            pre += ["-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=30"]
        argv = ["git", *pre, *args]
        try:
            proc = subprocess.Popen(
                argv,
                cwd=self.workdir,
                stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_base_env(extra),
                start_new_session=True,  # its own process group: cancel kills it all
            )
        except FileNotFoundError:
            raise GitNotFoundError("git is not installed on this computer") from None
        except NotADirectoryError:
            raise GitError(f"{self.workdir} is not a folder") from None
        stderr_chunks: list[bytes] = []
        reader = threading.Thread(
            target=_read_stderr, args=(proc, stderr_chunks, progress), daemon=True
        )
        reader.start()
        out: list[bytes] = []
        writer = threading.Thread(target=_talk, args=(proc, input, out), daemon=True)
        writer.start()
        deadline = time.monotonic() + timeout
        step = 0.05
        stopped: str | None = None
        while writer.is_alive():
            writer.join(step)
            step = min(step * 2, 0.2)
            if cancel is not None and cancel.cancelled:
                stopped = "cancelled"
            elif time.monotonic() > deadline:
                stopped = (f"the shared repository did not answer within {int(timeout)} s"
                           if network else f"git {args[0]} took longer than {int(timeout)} s")
            if stopped:
                _kill_group(proc)
                writer.join()
                break
        proc.wait()
        reader.join()
        stderr = b"".join(stderr_chunks)
        stdout = out[0] if out else b""
        if stopped:
            raise GitCancelled(stopped)
        completed = subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)
        if check and proc.returncode != 0:
            raise classify(args, stderr.decode("utf-8", "replace"))
        return completed

    def ok(self, args: Sequence[str]) -> bool:
        """Whether ``git ARGS`` exits 0 (no output wanted)."""
        return self.run_bytes(args, check=False).returncode == 0

    def out(self, args: Sequence[str]) -> str:
        """stdout of ``git ARGS`` without the trailing newline."""
        return self.run(args).stdout.rstrip("\n")


def _talk(proc: subprocess.Popen[bytes], data: bytes | None, out: list[bytes]) -> None:
    if data is not None and proc.stdin is not None:
        try:
            proc.stdin.write(data)
            proc.stdin.close()
        except BrokenPipeError:
            pass
    assert proc.stdout is not None
    out.append(proc.stdout.read())


def _read_stderr(
    proc: subprocess.Popen[bytes], chunks: list[bytes], progress: Progress | None
) -> None:
    assert proc.stderr is not None
    pending = b""
    while True:
        block = os.read(proc.stderr.fileno(), 4096)
        if not block:
            break
        chunks.append(block)
        if progress is not None:
            pending += block
            parts = re.split(rb"[\r\n]", pending)
            pending = parts.pop()
            for part in parts:
                if part.strip():
                    progress(part.decode("utf-8", "replace").strip())


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop git and everything it started (ssh, remote helpers, hooks)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(2.0)
            return
        except subprocess.TimeoutExpired:
            continue


def classify(args: Sequence[str], stderr: str) -> GitError:
    """The :class:`GitError` a failed command's stderr means, with one readable line."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    url_match = _URL_RE.search(stderr)
    url = url_match.group(1) if url_match else ""
    if m := _AUTH_FAILED_RE.search(stderr):
        url = m.group(1) or url if m.lastindex else url
        where = f" by {_host(url)}" if url else ""
        return GitAuthError(
            f"the user name or password was not accepted{where}", url, True, stderr
        )
    if m := _AUTH_NEEDED_RE.search(stderr):
        url = (m.group(1) if m.lastindex else "") or url
        where = f" for {_host(url)}" if url else ""
        return GitAuthError(f"a password is needed{where}", url, False, stderr)
    if _NETWORK_RE.search(stderr):
        return GitNetworkError(
            "the shared repository could not be reached: " + _last_fatal(lines), stderr
        )
    return GitError(f"git {args[0] if args else ''} failed: {_last_fatal(lines)}", stderr)


def _last_fatal(lines: list[str]) -> str:
    for line in reversed(lines):
        if line.startswith(("fatal:", "error:")):
            return line.split(":", 1)[1].strip()
    return lines[-1] if lines else "no message"


def _host(url: str) -> str:
    m = re.match(r"^[a-z+]+://(?:[^@/]*@)?([^/:]+(?::\d+)?)", url)
    return m.group(1) if m else url
