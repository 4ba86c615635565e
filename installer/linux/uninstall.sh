#!/bin/sh
# Remove HallDesk from this PC (as root): the program, its menu entries and the start at login.
# Kept: the data (each user's ~/.local/share/HallDesk, or data_dir; a PostgreSQL server) and this
# PC's settings /etc/halldesk/halldesk.toml, so a reinstall carries on where it stopped.
# DESTDIR as for install.sh.
set -eu

DESTDIR=${DESTDIR:-}
if [ -z "$DESTDIR" ] && [ "$(id -u)" != 0 ]; then
    echo "uninstall.sh: run as root (sudo ./uninstall.sh)" >&2
    exit 1
fi
rm -rf "$DESTDIR/opt/halldesk" "$DESTDIR/opt/halldesk.new" "$DESTDIR/opt/halldesk.old"
if [ -L "$DESTDIR/usr/local/bin/halldesk" ]; then
    rm -f "$DESTDIR/usr/local/bin/halldesk"
fi
rm -f "$DESTDIR"/usr/share/applications/halldesk-*.desktop
rm -f "$DESTDIR/usr/share/icons/hicolor/scalable/apps/halldesk.svg"
rm -f "$DESTDIR/etc/xdg/autostart/halldesk.desktop"
echo "HallDesk removed. Kept: the settings in $DESTDIR/etc/halldesk and every user's data."
