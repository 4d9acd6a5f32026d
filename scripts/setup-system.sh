#!/usr/bin/env bash
# Installs the Debian packages LoanDesk needs: a CJK TrueType font (forms and the UI must show
# Chinese), poppler-utils (tests look at rendered PDFs), and the libraries Qt needs even
# offscreen. Only runs apt-get when something is missing, so repeated `make` calls are quick.
# The xcb libraries are what Qt's X11 platform plugin (libqxcb) links against: without
# libxcb-icccm4 and libxcb-keysyms1 `make run` aborts on a Debian desktop (rc 134, "no Qt
# platform plugin could be initialized") although the offscreen tests pass.
set -euo pipefail
PACKAGES=(fonts-wqy-microhei poppler-utils fontconfig libegl1 libgl1 libxkbcommon0
          libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 libnss3 libxcomposite1
          libxdamage1 libxrandr2 libxtst6 libxi6 libasound2 libxkbfile1 libopengl0
          libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
          libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
          libxcb-sync1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1
          xvfb xauth  # a virtual X server: the bundle smoke test opens a real X11 window
          libpulse0)  # libpulse0: QtMultimedia (the document camera) will not load without it
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "LoanDesk needs these system packages, please install them: ${missing[*]}" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
