"""Tests for the recovery journal store (no Qt)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from editor.core import paths
from editor.core.files import Fingerprint, read_with_fingerprint
from editor.core.journal import Journal, JournalError, key_for_path, untitled_key

POST = b"---\ntitle: \"Storm hits coast\"\n---\n\nThe wind rose at dawn.\n"


def _crash(journal: Journal) -> None:
    """Simulate the process dying: the OS drops the lock, the files stay."""
    assert journal._lock is not None
    journal._lock.release()
    journal._lock = None


def test_journal_lives_in_the_app_data_folder() -> None:
    journal = Journal()
    journal.start()
    assert journal.session_dir.parent == paths.data_dir() / "recovery"
    assert (journal.session_dir / "lock").is_file()
    journal.close()


def test_written_entry_keeps_bytes_path_and_fingerprint(tmp_path: Path) -> None:
    post = tmp_path / "2025-01-01-storm.md"
    post.write_bytes(POST)
    _, fp = read_with_fingerprint(post)
    journal = Journal(tmp_path / "recovery")
    edited = POST + b"More wind.\n"
    journal.write(key_for_path(post), edited, post, fp)
    (entry,) = journal.entries()
    assert entry.data == edited
    assert entry.path == post
    assert entry.fingerprint == fp
    assert entry.key == key_for_path(post)
    assert "More wind." in entry.text
    assert post.read_bytes() == POST  # never written over the user's file


def test_rewriting_an_entry_replaces_it(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    key = untitled_key()
    journal.write(key, b"first")
    journal.write(key, b"second")
    assert [e.data for e in journal.entries()] == [b"second"]


def test_entry_written_atomically_leaves_no_temp_files(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.write(untitled_key(), b"x" * 100_000)
    names = sorted(p.name for p in journal.session_dir.iterdir())
    assert len(names) == 2 and "lock" in names and names[0].endswith(".entry")


def test_discard_removes_the_entry(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    key = untitled_key()
    journal.write(key, b"draft")
    journal.discard(key)
    journal.discard(key)  # twice is fine
    assert journal.entries() == []


def test_clean_exit_removes_the_session(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.write(untitled_key(), b"draft")
    journal.close()
    assert not journal.session_dir.exists()
    assert Journal(tmp_path).recoverable() == []


def test_crashed_session_is_offered_to_the_next_start(tmp_path: Path) -> None:
    crashed = Journal(tmp_path)
    crashed.write(untitled_key(), b"lost words")
    _crash(crashed)
    later = Journal(tmp_path)
    later.start()
    (entry,) = later.recoverable()
    assert entry.data == b"lost words"
    later.discard_entry(entry)
    assert later.recoverable() == []
    assert not crashed.session_dir.exists()  # the empty dead session is tidied away


def test_live_instance_entries_are_not_offered(tmp_path: Path) -> None:
    running = Journal(tmp_path)
    running.write(untitled_key(), b"still typing")
    other = Journal(tmp_path)
    other.start()
    assert other.recoverable() == []
    (entry,) = running.entries()
    with pytest.raises(JournalError):
        other.discard_entry(entry)
    assert running.entries()  # untouched


def test_live_instance_in_another_process_is_not_offered(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from editor.core.journal import Journal, untitled_key
        j = Journal({str(tmp_path)!r})
        j.write(untitled_key(), b"other process")
        print("ready", flush=True)
        sys.stdin.readline()
    """)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        assert Journal(tmp_path).recoverable() == []
        proc.kill()
        proc.wait(timeout=10)
        (entry,) = Journal(tmp_path).recoverable()
        assert entry.data == b"other process"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_newest_entries_come_first(tmp_path: Path) -> None:
    crashed = Journal(tmp_path)
    crashed.write("a", b"older")
    crashed.write("b", b"newer")
    _crash(crashed)
    assert [e.data for e in Journal(tmp_path).recoverable()] == [b"newer", b"older"]


def test_damaged_entries_are_skipped(tmp_path: Path) -> None:
    crashed = Journal(tmp_path)
    entry = crashed.write("a", b"intact words")
    crashed.write("b", b"will be cut short")
    _crash(crashed)
    victim = next(p for p in crashed.session_dir.glob("*.entry") if p != entry.file)
    victim.write_bytes(victim.read_bytes()[:-4])
    (crashed.session_dir / "garbage.entry").write_bytes(b"\x00\xff not json")
    assert [e.data for e in Journal(tmp_path).recoverable()] == [b"intact words"]


def test_untitled_keys_are_unique() -> None:
    assert untitled_key() != untitled_key()
    assert untitled_key().startswith("untitled-")


def test_entry_text_decodes_any_encoding(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.write("u16", "café".encode("utf-16"))
    journal.write("latin", "café".encode("latin-1"))
    texts = sorted(e.text for e in journal.entries())
    assert texts == ["café", "café"]


def test_unwritable_journal_raises_plain_error(tmp_path: Path) -> None:
    blocker = tmp_path / "recovery"
    blocker.write_text("a file where the folder should be")
    journal = Journal(blocker)
    with pytest.raises(JournalError, match="recovery journal"):
        journal.write("k", b"x")


def test_fingerprint_none_for_untitled(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.write("k", b"x", None, None)
    (entry,) = journal.entries()
    assert entry.path is None and entry.fingerprint is None
    assert entry.display_name == "Untitled"
    journal.write("k", b"x", Path("/x/y.md"), Fingerprint(1, 2, "ab"))
    (entry,) = journal.entries()
    assert entry.fingerprint == Fingerprint(1, 2, "ab")
