#!/bin/sh
# Install HallDesk on this PC (run from the unpacked tarball, as root):
#
#   sudo ./install.sh [--role window|kiosk|board|manager|rating|none] [--counter N] [--fullscreen]
#
# - the program into /opt/halldesk (an older version there is replaced; nothing else is touched);
# - a menu entry per role into /usr/share/applications;
# - this PC's settings /etc/halldesk/halldesk.toml, written only when absent (the role and window
#   number given here; database and hall settings are added by hand, see the README);
# - with --role: /etc/xdg/autostart/halldesk.desktop, so that role starts when anyone logs in
#   (--role none removes it).
#
# The data stays where it is: the SQLite file in each user's ~/.local/share/HallDesk (or the
# data_dir of the settings) and a PostgreSQL server are not touched. The new version migrates the
# database at its first start, copying an SQLite file aside first
# (halldesk.before-upgrade-<revision>-<time>.sqlite3).
#
# DESTDIR=/some/dir installs under that folder instead of / (for packaging and tests); the
# entries still point to /opt/halldesk.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DESTDIR=${DESTDIR:-}
PREFIX=/opt/halldesk
ROLE=""
COUNTER=""
FULLSCREEN=""

usage() {
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --role) ROLE=${2:?--role needs a value}; shift 2 ;;
        --role=*) ROLE=${1#--role=}; shift ;;
        --counter) COUNTER=${2:?--counter needs a number}; shift 2 ;;
        --counter=*) COUNTER=${1#--counter=}; shift ;;
        --fullscreen) FULLSCREEN=1; shift ;;
        -h|--help) usage 0 ;;
        *) echo "install.sh: unknown option $1" >&2; usage 2 ;;
    esac
done

case "$ROLE" in
    ""|window|kiosk|board|manager|rating|none) ;;
    *) echo "install.sh: --role must be window, kiosk, board, manager, rating or none (not '$ROLE')" >&2; exit 2 ;;
esac
case "$COUNTER" in
    "") ;;
    *[!0-9]*) echo "install.sh: --counter must be a window number such as 5 (not '$COUNTER')" >&2; exit 2 ;;
esac
if [ "$ROLE" = rating ] && [ -z "$COUNTER" ]; then
    echo "install.sh: a rating pad belongs to one window: add --counter N" >&2
    exit 2
fi
if [ -z "$DESTDIR" ] && [ "$(id -u)" != 0 ]; then
    echo "install.sh: run as root (sudo ./install.sh ...)" >&2
    exit 1
fi
if [ ! -x "$HERE/halldesk/halldesk" ]; then
    echo "install.sh: $HERE/halldesk/halldesk is missing: run this script from the unpacked tarball" >&2
    exit 1
fi

VERSION=$("$HERE/halldesk/halldesk" --version 2>/dev/null || echo "HallDesk ?")

# The program: copied beside the old one, then swapped, so a failed copy leaves the old one working.
mkdir -p "$DESTDIR/opt"
rm -rf "$DESTDIR$PREFIX.new" "$DESTDIR$PREFIX.old"
cp -a "$HERE/halldesk" "$DESTDIR$PREFIX.new"
cp "$HERE/CHANGELOG.md" "$DESTDIR$PREFIX.new/" 2>/dev/null || true
if [ -e "$DESTDIR$PREFIX" ]; then
    mv "$DESTDIR$PREFIX" "$DESTDIR$PREFIX.old"
fi
mv "$DESTDIR$PREFIX.new" "$DESTDIR$PREFIX"
rm -rf "$DESTDIR$PREFIX.old"
mkdir -p "$DESTDIR/usr/local/bin"
ln -sf "$PREFIX/halldesk" "$DESTDIR/usr/local/bin/halldesk"

# Menu entries and icon.
mkdir -p "$DESTDIR/usr/share/applications" "$DESTDIR/usr/share/icons/hicolor/scalable/apps"
for entry in "$HERE"/share/applications/halldesk-*.desktop; do
    install -m 644 "$entry" "$DESTDIR/usr/share/applications/"
done
install -m 644 "$HERE/share/icons/halldesk.svg" "$DESTDIR/usr/share/icons/hicolor/scalable/apps/"

# This PC's settings: written once; an existing file is the hall's and is kept as it is.
SETTINGS="$DESTDIR/etc/halldesk/halldesk.toml"
if [ ! -e "$SETTINGS" ]; then
    mkdir -p "$DESTDIR/etc/halldesk"
    {
        echo "# HallDesk settings of this PC (read when the user has no ~/.config/HallDesk/halldesk.toml)."
        echo "# Written by install.sh; see /opt/halldesk/README.txt for every key."
        echo ""
        echo "# data_dir = \"/srv/halldesk\"   # SQLite file and its pre-upgrade copies; default: each user's ~/.local/share/HallDesk"
        echo ""
        echo "[database]"
        echo "# url = \"postgresql+psycopg://halldesk:secret@10.0.0.5:5432/halldesk\"   # several PCs: one server"
        echo ""
        echo "[station]"
        case "$ROLE" in
            ""|none) echo "# role = \"window\"   # desk | window | kiosk | board | manager | rating" ;;
            *) echo "role = \"$ROLE\"" ;;
        esac
        if [ -n "$COUNTER" ]; then
            echo "counter_number = $COUNTER"
        else
            echo "# counter_number = 5"
        fi
        if [ -n "$FULLSCREEN" ]; then
            echo "fullscreen = true"
        fi
    } > "$SETTINGS"
    chmod 644 "$SETTINGS"
    echo "Wrote this PC's settings: $SETTINGS"
else
    echo "Kept this PC's settings: $SETTINGS"
fi

# Start at login.
AUTOSTART="$DESTDIR/etc/xdg/autostart/halldesk.desktop"
if [ "$ROLE" = none ]; then
    rm -f "$AUTOSTART"
    echo "HallDesk no longer starts at login."
elif [ -n "$ROLE" ]; then
    mkdir -p "$DESTDIR/etc/xdg/autostart"
    ARGS="--role $ROLE"
    [ -n "$COUNTER" ] && ARGS="$ARGS --counter $COUNTER"
    [ -n "$FULLSCREEN" ] && ARGS="$ARGS --fullscreen"
    sed -e "s|^Exec=.*|Exec=$PREFIX/halldesk $ARGS|" \
        "$HERE/share/applications/halldesk-$ROLE.desktop" > "$AUTOSTART"
    printf 'X-GNOME-Autostart-enabled=true\nX-GNOME-Autostart-Delay=3\n' >> "$AUTOSTART"
    chmod 644 "$AUTOSTART"
    echo "At login: $PREFIX/halldesk $ARGS"
fi

if [ -z "$DESTDIR" ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
echo "Installed $VERSION in $DESTDIR$PREFIX"
