"""SHA-256, SHA-1 and MD5 hex digests from CPython's own hash modules, not ``hashlib``.

``import hashlib`` loads OpenSSL's libcrypto into the process (its ``_hashlib`` module is
imported first): in the window that was 3.3 MB of PSS, libcrypto's relocated data and the
code its start-up runs, for a fingerprint of the post, the journal's names and checks and
a cache file's name. CPython's built-in ``_sha2``/``_sha256``, ``_sha1`` and ``_md5``
modules give the same digests bit for bit without it (they release the GIL on long input
too; SHA-256 of a 1 MB post takes ~3 ms instead of ~0.6 ms, and not loading libcrypto
saves ~2.5 ms of start-up). Where a Python is built without them (some distributions
keep only OpenSSL's), ``hashlib`` is used after all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["md5_hex", "sha1_hex", "sha256_hex"]

# (module, constructor) to try in order; CPython 3.12 renamed _sha256 to _sha2.
_BUILTIN = {"sha256": (("_sha2", "sha256"), ("_sha256", "sha256")),
            "sha1": (("_sha1", "sha1"),), "md5": (("_md5", "md5"),)}
_constructors: dict[str, Callable[..., Any]] = {}


def _constructor(name: str) -> Callable[..., Any]:
    """The built-in constructor of the ``name`` hash, else hashlib's (looked up once)."""
    found = _constructors.get(name)
    if found is None:
        for module, attribute in _BUILTIN[name]:
            try:
                found = getattr(importlib.import_module(module), attribute)
                break
            except (ImportError, AttributeError):
                continue
        else:
            import hashlib  # loads libcrypto: only where CPython has no built-in one

            found = getattr(hashlib, name)
        _constructors[name] = found
    return found


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 hex digits (what ``hashlib.sha256`` gives)."""
    return str(_constructor("sha256")(data).hexdigest())


def sha1_hex(data: bytes) -> str:
    """The SHA-1 of ``data`` as 40 hex digits (a name, not a security check)."""
    return str(_constructor("sha1")(data, usedforsecurity=False).hexdigest())


def md5_hex(data: bytes) -> str:
    """The MD5 of ``data`` as 32 hex digits (a name, not a security check)."""
    return str(_constructor("md5")(data, usedforsecurity=False).hexdigest())
