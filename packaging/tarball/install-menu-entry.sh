#!/bin/sh
# Add Reader to your desktop's application menu, and make double-clicking a .reader
# project open it: installs the launcher, the project file type and the icons into
# your own folders (~/.local/share), nowhere else. Run it from the unpacked folder;
# run it again after moving the folder. `./install-menu-entry.sh --remove` undoes it.
#
# It does not make Reader the handler of text or HTML files: choose "Open With" >
# "Other Application" > Reader once, and your desktop offers it from then on.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
id=org.readerapp.Reader
icon=application-x-reader-project

if [ "${1:-}" = "--remove" ]; then
    rm -f "$data/applications/$id.desktop" "$data/mime/packages/$id.xml"
    for f in "$data"/icons/hicolor/*/apps/$id.png "$data"/icons/hicolor/*/mimetypes/$icon.png; do
        rm -f "$f"
    done
else
    mkdir -p "$data/applications" "$data/mime/packages"
    # The launcher, with the path of this folder's executable in place of `reader`.
    sed -e "s|^Exec=reader |Exec=\"$here/reader\" |" -e "s|^TryExec=reader$|TryExec=$here/reader|" \
        "$here/share/applications/$id.desktop" > "$data/applications/$id.desktop"
    cp "$here/share/mime/packages/$id.xml" "$data/mime/packages/$id.xml"
    for folder in "$here"/share/icons/hicolor/*; do
        size=$(basename "$folder")
        mkdir -p "$data/icons/hicolor/$size/apps" "$data/icons/hicolor/$size/mimetypes"
        cp "$folder/apps/$id.png" "$data/icons/hicolor/$size/apps/"
        cp "$folder/mimetypes/$icon.png" "$data/icons/hicolor/$size/mimetypes/"
    done
fi
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Reader: menu entry ${1:+removed}${1:-installed} in $data"
