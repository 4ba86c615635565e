#!/usr/bin/env bash
# Build HallDesk for Linux: the one-folder bundle (installer/halldesk.spec) and a tarball with the
# install script, the menu entries for each role and the icon.
#
#   installer/build_linux.sh [--out DIR] [--no-tarball]
#
#   PYTHON   the Python to build with (default: .venv/bin/python of the repository), with HallDesk
#            installed in it (pip install -e '.[build]'); PyInstaller is installed if missing.
#
# Result, in DIR (default: dist/ of the repository):
#   halldesk-<version>-linux-<arch>/             unpacked: halldesk/ (the bundle), install.sh, ...
#   halldesk-<version>-linux-<arch>.tar.gz       the same, packed (unless --no-tarball)
# PyInstaller's work files go to DIR/pyinstaller-work (kept: a second build reuses them).
#
# The bundle runs on Linux systems with a C library (glibc) at least as new as the build
# machine's: build on the oldest system the halls run (see installer/README.md).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
OUT=$ROOT/dist
TARBALL=1
while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
        --no-tarball) TARBALL=0; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build_linux.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

if ! "$PYTHON" -c 'import importlib.metadata as m; m.version("halldesk")' 2>/dev/null; then
    echo "HallDesk is not installed in $PYTHON: installing it with the build extra"
    "$PYTHON" -m pip install -q -e "$ROOT[build]"
elif ! "$PYTHON" -c 'import PyInstaller' 2>/dev/null; then
    echo "PyInstaller is missing in $PYTHON: installing the build extra"
    "$PYTHON" -m pip install -q -e "$ROOT[build]"
fi

started=$(date +%s)
# The translations (resources/translations/*.ts) compiled to the .qm the program loads.
(cd "$ROOT" && "$PYTHON" -m ui.i18n build)
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$OUT/pyinstaller-dist" --workpath "$OUT/pyinstaller-work" \
    "$ROOT/installer/halldesk.spec"
bundle="$OUT/pyinstaller-dist/halldesk"

# The bundle's own answer is the version: it proves the program starts before anything is packed.
version=$("$bundle/halldesk" --version | awk '{print $2}')
name="halldesk-$version-linux-$(uname -m)"
stage="$OUT/$name"
rm -rf "$stage"
mkdir -p "$stage/share/applications" "$stage/share/icons"
mv "$bundle" "$stage/halldesk"
install -m 755 "$ROOT/installer/linux/install.sh" "$ROOT/installer/linux/uninstall.sh" "$stage/"
install -m 644 "$ROOT"/installer/linux/applications/*.desktop "$stage/share/applications/"
install -m 644 "$ROOT/installer/linux/halldesk.svg" "$stage/share/icons/"
install -m 644 "$ROOT/CHANGELOG.md" "$ROOT/installer/README.md" "$stage/"
cp "$ROOT/installer/README.md" "$stage/halldesk/README.txt"

if [ "$TARBALL" = 1 ]; then
    tar -C "$OUT" -czf "$OUT/$name.tar.gz" "$name"
fi
elapsed=$(( $(date +%s) - started ))

echo "HallDesk $version built in ${elapsed}s"
echo "  bundle:  $stage/halldesk ($(du -sh "$stage/halldesk" | cut -f1))"
if [ "$TARBALL" = 1 ]; then
    echo "  tarball: $OUT/$name.tar.gz ($(du -sh "$OUT/$name.tar.gz" | cut -f1))"
fi
echo "  install: sudo $stage/install.sh --role window|kiosk|board|manager|rating [--counter N]"
