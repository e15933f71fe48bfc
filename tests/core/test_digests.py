"""Digests without OpenSSL: the same hex digests as hashlib, and no module of the app loads
libcrypto (``import hashlib`` did, 3.3 MB of the window's PSS)."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core import digests
from tests.conftest import REPO


@given(st.binary(max_size=5000))
def test_digests_are_hashlibs(data: bytes) -> None:
    assert digests.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert digests.sha1_hex(data) == hashlib.sha1(data).hexdigest()
    assert digests.md5_hex(data) == hashlib.md5(data).hexdigest()


def test_a_python_without_the_builtin_modules_falls_back_to_hashlib(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("_sha2", "_sha256", "_sha1", "_md5"):
        monkeypatch.setitem(sys.modules, module, None)  # import raises ImportError
    monkeypatch.setattr(digests, "_constructors", {})
    assert digests.sha256_hex(b"post") == hashlib.sha256(b"post").hexdigest()
    assert digests.md5_hex(b"post") == hashlib.md5(b"post").hexdigest()
    assert digests._constructors["sha256"] is hashlib.sha256


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/maps")
def test_no_module_of_the_app_loads_openssl() -> None:
    """Every module of editor/ imported (the window's, the desk's, publishing's) and a
    fingerprint, a journal entry and a cache name computed: neither hashlib nor libcrypto."""
    code = """if True:
        import importlib, pkgutil, sys, tempfile
        from pathlib import Path
        import editor
        for info in pkgutil.walk_packages(editor.__path__, "editor."):
            if not info.name.endswith("__main__") and info.name != "editor.smoke":
                importlib.import_module(info.name)
        from editor.core.files import Fingerprint
        from editor.core.journal import Journal
        from editor.core.site import SiteIndex
        folder = Path(tempfile.mkdtemp())
        (folder / "post.md").write_text("---\\ntitle: T\\n---\\n\\nText.\\n")
        data = (folder / "post.md").read_bytes()
        Journal(folder / "journal").write("post", data, folder / "post.md",
                                          Fingerprint.of_bytes(data))
        SiteIndex(folder).cache_path
        maps = Path("/proc/self/maps").read_text()
        print(sorted(m for m in ("hashlib", "_hashlib") if m in sys.modules), "libcrypto" in maps)
    """
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, env={"PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
                                         "PATH": "/usr/bin:/bin"}, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split("\n")[-2] == "[] False", proc.stdout
