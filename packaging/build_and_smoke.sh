#!/usr/bin/env bash
# Build the frozen one-folder app and prove it works: --version, a headless `check`,
# and the real window started offscreen on a sample post until QtWebEngine has rendered
# its preview (`dateline smoke-test`). Run by .ci/run when DATELINE_BUILD=1.
#
# Usage: packaging/build_and_smoke.sh [--no-build]   (--no-build: test the existing bundle)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PYTHON="${PYTHON:-python3}"
BUNDLE="$HERE/dist/dateline"
APP="$BUNDLE/dateline"

if [[ "${1:-}" != "--no-build" ]]; then
    start=$(date +%s)
    "$HERE/build_linux.sh"
    echo "build: $(( $(date +%s) - start )) s"
fi
[[ -x "$APP" ]] || { echo "build_and_smoke: no bundle at $APP" >&2; exit 1; }

# A throwaway home for settings, journal and caches; no screen; WebEngine's sandbox
# cannot run as root.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export DATELINE_CONFIG_DIR="$scratch/config" DATELINE_DATA_DIR="$scratch/data"
export DATELINE_CACHE_DIR="$scratch/cache"
export QT_QPA_PLATFORM=offscreen
export QTWEBENGINE_CHROMIUM_FLAGS="${QTWEBENGINE_CHROMIUM_FLAGS:---disable-gpu}"
if [[ "$(id -u)" == 0 ]]; then
    export QTWEBENGINE_DISABLE_SANDBOX=1
fi

# The sample site inside the bundle: its presence proves the package data was frozen.
site="$BUNDLE/_internal/editor/resources/sample_site"
[[ -f "$site/_config.yml" ]] || { echo "build_and_smoke: package data missing ($site)" >&2; exit 1; }
cp -r "$site" "$scratch/site"
post="$(find "$scratch/site/_posts" -name '*.md' | sort | head -n 1)"

fail=0
expected="dateline $("$PYTHON" -c 'import sys; sys.path.insert(0, sys.argv[1]); import editor; print(editor.__version__)' "$REPO")"
version="$("$APP" --version)"
if [[ "$version" == "$expected" ]]; then
    echo "version ok: $version"
else
    echo "version FAILED: got '$version', expected '$expected'" >&2; fail=1
fi

set +e
"$APP" check "$scratch/site" > "$scratch/check.txt" 2>&1
rc=$?
set -e
if [[ $rc -le 1 ]]; then
    echo "check ok (exit $rc): $(tail -n 1 "$scratch/check.txt")"
else
    echo "check FAILED (exit $rc):" >&2; cat "$scratch/check.txt" >&2; fail=1
fi

set +e
timeout 240 "$APP" smoke-test "$post" > "$scratch/smoke.out" 2> "$scratch/smoke.err"
rc=$?
set -e
cat "$scratch/smoke.out"
if [[ $rc -eq 0 ]] && grep -q '^preview ok [1-9][0-9]* chars (webengine)$' "$scratch/smoke.out"; then
    echo "smoke ok: window opened on $(basename "$post"), preview rendered, exit 0"
else
    echo "smoke FAILED (exit $rc); stderr:" >&2; tail -n 30 "$scratch/smoke.err" >&2; fail=1
fi

echo "bundle size: $(du -sh "$BUNDLE" | cut -f1) ($BUNDLE)"
if [[ $fail -ne 0 ]]; then
    echo "build_and_smoke: FAILED" >&2
    exit 1
fi
echo "build_and_smoke: all ok"
