#!/bin/sh
# Debian/Ubuntu packages Dateline needs on a fresh machine: Python's venv, the system
# libraries that PySide6's Qt and QtWebEngine wheels load, git (the shared repository), and
# Enchant with the Hunspell dictionaries of the regional spellings (en-GB, en-AU, es-MX…). With --test, also
# the validators the packaging tests use, ImageMagick/exiftool for the image tests and Xvfb for the start-up test. Runs apt-get as root (or through sudo).
set -eu
pkgs="python3 python3-venv python3-pip git libegl1 libgl1 libopengl0 libglib2.0-0 libfontconfig1
 libfreetype6 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0
 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
 libxcb-xinerama0 libxcb-xkb1 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxshmfence1
 libxkbfile1 libnss3 libnspr4 libgbm1 libdrm2 libcups2 libudev1 fonts-dejavu-core
 libenchant-2-2 hunspell-en-gb hunspell-en-us hunspell-en-au hunspell-en-ca hunspell-en-za
 hunspell-es hunspell-fr hunspell-de-de hunspell-pt-br hunspell-pt-pt hunspell-it"
case "${1:-}" in
  --test) pkgs="$pkgs desktop-file-utils appstream imagemagick libimage-exiftool-perl xvfb" ;;
esac
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
# libasound2 was renamed libasound2t64 in Debian 13 / Ubuntu 24.04.
if apt-cache show libasound2t64 >/dev/null 2>&1; then pkgs="$pkgs libasound2t64"; else pkgs="$pkgs libasound2"; fi
# shellcheck disable=SC2086
$as_root apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
