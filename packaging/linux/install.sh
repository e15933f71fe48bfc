#!/usr/bin/env bash
# Install a built one-folder Dateline for one user (default ~/.local) or into PREFIX:
# the bundle under PREFIX/lib/dateline, a `dateline` link in PREFIX/bin, the launcher,
# the AppStream metadata and the icons. Usage: install.sh [BUNDLE_DIR] [PREFIX]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUNDLE="${1:-$HERE/../dist/dateline}"
PREFIX="${2:-$HOME/.local}"
APP_ID="io.github.dateline.Dateline"

[[ -x "$BUNDLE/dateline" ]] || { echo "install.sh: no built app in $BUNDLE" >&2; exit 1; }
BUNDLE="$(cd "$BUNDLE" && pwd)"
# The bundle carries its own copies under share/ (build_linux.sh puts them there).
SHARE_SRC="$BUNDLE/share"
[[ -f "$SHARE_SRC/$APP_ID.desktop" ]] || SHARE_SRC="$HERE"
ICONS_SRC="$SHARE_SRC/hicolor"
[[ -d "$ICONS_SRC" ]] || ICONS_SRC="$HERE/../../resources/icons/hicolor"

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo"
rm -rf "$PREFIX/lib/dateline"
cp -r "$BUNDLE" "$PREFIX/lib/dateline"
ln -sf "$PREFIX/lib/dateline/dateline" "$PREFIX/bin/dateline"
# The launcher runs the installed binary by absolute path (PREFIX/bin may not be on PATH).
sed -e "s|^Exec=dateline|Exec=$PREFIX/bin/dateline|" -e "s|^TryExec=dateline|TryExec=$PREFIX/bin/dateline|" \
    "$SHARE_SRC/$APP_ID.desktop" > "$PREFIX/share/applications/$APP_ID.desktop"
cp "$SHARE_SRC/$APP_ID.metainfo.xml" "$PREFIX/share/metainfo/"
mkdir -p "$PREFIX/share/icons"
cp -r "$ICONS_SRC" "$PREFIX/share/icons/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
echo "installed Dateline into $PREFIX (run: $PREFIX/bin/dateline)"
