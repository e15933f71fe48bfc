#!/usr/bin/env bash
# Build Dateline as a one-folder Linux application: packaging/dist/dateline/dateline.
#
# Uses the current Python environment (which must have Dateline's dependencies);
# installs PyInstaller into it when missing. Usage: packaging/build_linux.sh [--clean]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PYTHON="${PYTHON:-python3}"

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "build_linux: installing PyInstaller" >&2
    "$PYTHON" -m pip install --quiet "pyinstaller>=6.5"
fi

clean=()
if [[ "${1:-}" == "--clean" ]]; then
    clean=(--clean)
fi

cd "$REPO"
mkdir -p "$HERE/build"
log="$HERE/build/pyinstaller.log"
if ! "$PYTHON" -m PyInstaller "${clean[@]}" --noconfirm --log-level WARN \
        --distpath "$HERE/dist" --workpath "$HERE/build" "$HERE/dateline.spec" > "$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "build_linux: PyInstaller failed (full log: $log)" >&2
    exit 1
fi
# Unresolved libraries are almost all dependencies of QML/multimedia plugins that the
# spec drops afterwards; the xcb ones are system libraries every Qt app expects.
missing=$(grep -c "Library not found" "$log" || true)
grep -v -e "Library not found" -e " INFO: " "$log" || true
echo "($missing 'Library not found' warnings for system or dropped-plugin libraries; log: $log)"

# Desktop integration files travel with the bundle, for packaging/linux/install.sh.
BUNDLE="$HERE/dist/dateline"
mkdir -p "$BUNDLE/share"
cp -r "$HERE/linux/." "$BUNDLE/share/"
cp -r "$REPO/resources/icons/hicolor" "$BUNDLE/share/"
cp "$REPO/LICENSE" "$BUNDLE/LICENSE.txt"
echo "built $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
