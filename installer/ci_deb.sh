#!/usr/bin/env bash
# CI for the installers (issue 20), called by .ci/run after the tests; run it as root on a Debian-based
# machine (apt works): bash installer/ci_deb.sh
#
#  1. freeze the program (PyInstaller one folder) and run it from the build folder; check the Inno Setup
#     script against it; validate the desktop entry and the MIME type
#  2. build the .deb twice from the same frozen program: as an older release (version ~ci0) and as this one
#  3. install the older one (apt-get resolves Depends), make a unit's workspace with it as an ordinary user,
#     set its schema back one migration (as a workspace of an older release is), upgrade to this .deb:
#     the workspace is kept and migrated
#  4. `gongkai --version`, `gongkai templates`, the window under Xvfb to its first frame (screenshot),
#     a review result and a submission opened through the .gkpkg MIME association (gio open, as a file
#     manager's double-click does): the unit imports the result, the office gets its import dialog
#  5. remove and purge the package: nothing of it is left, every workspace is byte for byte as it was
# Screenshots go to dist/ci/. Needs about 1 GB of disk. Measured on two cores shared with other work (load ~9):
# 15 min — freezing 4½, the two packages 4½, install + upgrade 2, the checks 4 (with xz -6 it was 22: 9 of
# them compressing). Each log line shows the time since the start. GK_CI_REUSE_BUILD=1 reuses the frozen
# program and the .deb already in dist/ (while working on this script), GK_CI_SKIP_APT=1 installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
PY=${PYTHON:-python}
APT=(apt-get -o DPkg::Lock::Timeout=600 -y -qq)
log() { echo "ci_deb [$((SECONDS / 60))m$((SECONDS % 60))s]: $*"; }
fail() { echo "ci_deb: FAILED: $*" >&2; exit 1; }

# --- tools, and the system libraries the frozen program links to (dpkg-shlibdeps must find them) ---------
if [[ ${GK_CI_SKIP_APT:-} != 1 ]]; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq || true
  # shellcheck disable=SC2046 # the library list is meant to split into package names
  "${APT[@]}" install --no-install-recommends dpkg-dev desktop-file-utils shared-mime-info xdg-utils libglib2.0-bin \
    xvfb x11-utils xdotool imagemagick fonts-noto-cjk util-linux $($PY installer/build_deb.py --build-libraries) >/dev/null
fi
ARCH=$(dpkg --print-architecture)
VERSION=$($PY installer/versioning.py)
DEB_VERSION=$($PY installer/versioning.py --deb)
PREV_VERSION="${DEB_VERSION}~ci0"   # sorts before DEB_VERSION: "the previous release"
MIME=application/vnd.gongkai.gkpkg+zip
OUT=dist/ci
rm -rf "$OUT" && mkdir -p "$OUT"

# --- 1. freeze, and check what can be checked before packaging ------------------------------------------
FROZEN=dist/gongkai_desktop
if [[ ${GK_CI_REUSE_BUILD:-} == 1 && -x $FROZEN/gongkai ]]; then
  log "reusing $FROZEN (GK_CI_REUSE_BUILD=1)"
else
  log "freezing with PyInstaller ($ARCH) …"
  $PY -m pip install -q -e '.[freeze,gm]'
  $PY -m PyInstaller installer/gongkai_desktop.spec --noconfirm --log-level WARN
fi
[[ $($FROZEN/gongkai --version) == "gongkai $VERSION" ]] || fail "frozen gongkai --version"
$FROZEN/gongkai templates | grep -q 户籍管理 || fail "frozen gongkai templates"
# every command module (they are loaded by name) is in the frozen program, and no test-only library is
[[ $($FROZEN/gongkai -h) == "$($PY -m gongkai_desktop.cli -h)" ]] || fail "the frozen gongkai lacks commands the source has"
TOC=build/gongkai_desktop/PYZ-00.toc
[[ -f $TOC ]] || TOC=$(find build/gongkai_desktop -name 'PYZ*.toc' | head -1)
for lib in selenium jsonschema pypdf html5lib msoffcrypto pytest; do
  ! grep -q "('${lib}[.']" "$TOC" || fail "the test-only library $lib was frozen"
done
for lib in python_calamine nacl xlrd olefile gmssl_pyx; do
  grep -q "('${lib}[.']" "$TOC" || fail "the library $lib, which the program needs, is not frozen"
done
$PY installer/check_iss.py --frozen "$FROZEN"
desktop-file-validate installer/linux/gongkai-desktop.desktop
log "desktop entry valid"

# --- 2. two packages of the same build -------------------------------------------------------------------
log "building the .deb packages …"
# This release's package in the release's format (xz) but at xz level 1: on CI's two busy cores the default
# level 6 took 9 of this script's 22 minutes, level 1 a fraction (GK_CI_DEB_LEVEL=6 builds the release's own).
# The "previous release" is the same program under an older version: its Depends are taken from this
# package (no second dpkg-shlibdeps) and it is left uncompressed (it is only installed here, never shipped).
DEB=$PWD/dist/gongkai-desktop_${DEB_VERSION}_${ARCH}.deb
if [[ ${GK_CI_REUSE_BUILD:-} == 1 && -f $DEB ]]; then log "reusing $DEB"; else DEB=$($PY installer/build_deb.py --level "${GK_CI_DEB_LEVEL:-1}"); fi
PREV_DEB=$($PY installer/build_deb.py --version "$PREV_VERSION" --compression none --depends-from "$DEB" --out "$OUT/previous")
[[ $(dpkg-deb -f "$PREV_DEB" Depends) == "$(dpkg-deb -f "$DEB" Depends)" ]] || fail "the two packages depend on different libraries"
[[ $(basename "$DEB") == "gongkai-desktop_${DEB_VERSION}_${ARCH}.deb" ]] || fail "package file name $DEB"
dpkg-deb -f "$DEB" Depends | grep -q libxcb-cursor0 || fail "Depends lacks libxcb-cursor0"
log "$(basename "$DEB"): $(du -h "$DEB" | cut -f1), installed $(dpkg-deb -f "$DEB" Installed-Size) KiB"

# --- users: nobody with a home of its own (the program runs as an ordinary user, /opt read-only) ---------
WORK=$(mktemp -d /tmp/gk-ci-deb.XXXXXX)
chmod 755 "$WORK"
XPID=""
frame_pid() { $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$1"; }
cleanup() {  # the programs started here (by the pid they reported), the virtual screen, the temp folder
  if [[ -n $XPID ]]; then kill "$XPID" 2>/dev/null || true; fi
  for f in "$WORK"/*/frame*.json; do  # a window still open after a failed check: only if that pid is still ours
    [[ -f $f ]] || continue
    local pid; pid=$(frame_pid "$f")
    if [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == /opt/gongkai-desktop/* ]]; then kill "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK"/unit "$WORK"/office "$WORK"/files/inbox "$WORK"/files/second
chown -R 65534:65534 "$WORK"/unit "$WORK"/office "$WORK"/files
as() {  # as HOME COMMAND…: run as nobody with that home, the system's PATH, the display if there is one
  local home=$1; shift
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 ${DISPLAY:+DISPLAY=$DISPLAY} \
    ${GONGKAI_FIRST_FRAME:+GONGKAI_FIRST_FRAME=$GONGKAI_FIRST_FRAME} "$@"
}
UNIT=$WORK/unit OFFICE=$WORK/office FILES=$WORK/files
UNIT_DB=$UNIT/.local/share/gongkai_desktop/workspace.sqlite3
revision() { $PY -c 'import sqlite3,sys; print(sqlite3.connect(f"file:{sys.argv[1]}?immutable=1", uri=True).execute("select version_num from alembic_version").fetchone()[0])' "$1"; }

# --- 3. the previous release, a workspace made with it, the upgrade --------------------------------------
"${APT[@]}" purge gongkai-desktop >/dev/null 2>&1 || true
"${APT[@]}" install "$PREV_DEB" >/dev/null
[[ $(dpkg-query -W -f '${Version}' gongkai-desktop) == "$PREV_VERSION" ]] || fail "previous build not installed"
as "$UNIT" gongkai init --unit 市公安局 >/dev/null
as "$UNIT" gongkai catalog start 04 >/dev/null
as "$UNIT" gongkai keys show >/dev/null
HEAD=$(revision "$UNIT_DB")
OLDER=$($PY - "$UNIT_DB" <<'EOF'
import sys
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from gongkai_desktop import db
cfg = db.alembic_config()
older = ScriptDirectory.from_config(cfg).get_revision(db.SCHEMA_HEAD).down_revision
engine = create_engine(f"sqlite:///{sys.argv[1]}")
with engine.begin() as conn:
    command.downgrade(db.alembic_config(conn), older)
print(older)
EOF
)
chown -R 65534:65534 "$UNIT"
[[ $(revision "$UNIT_DB") == "$OLDER" ]] || fail "workspace not set back to $OLDER"
log "workspace of the previous release at schema $OLDER (head $HEAD)"
"${APT[@]}" install "$DEB" >/dev/null
[[ $(dpkg-query -W -f '${Version}' gongkai-desktop) == "$DEB_VERSION" ]] || fail "upgrade to $DEB_VERSION"
as "$UNIT" gongkai catalog list | grep -q 户籍管理 || fail "the upgraded program lost the unit's catalog"
[[ $(revision "$UNIT_DB") == "$HEAD" ]] || fail "the workspace was not migrated to $HEAD"
log "upgraded $PREV_VERSION -> $DEB_VERSION: the workspace kept its catalog and was migrated $OLDER -> $HEAD"

# --- 4. the installed program ----------------------------------------------------------------------------
[[ $(as "$UNIT" gongkai --version) == "gongkai $VERSION" ]] || fail "gongkai --version"
as "$UNIT" gongkai templates | grep -q 户籍管理 || fail "gongkai templates"
[[ -x /opt/gongkai-desktop/gongkai-desktop && -x /usr/bin/gongkai-desktop ]] || fail "program files"
log "gongkai --version: $(as "$UNIT" gongkai --version); gongkai templates: $(as "$UNIT" gongkai templates | wc -l) lines"

# a round trip to have a submission and a review result to double-click
as "$OFFICE" gongkai init --review-office >/dev/null
as "$OFFICE" gongkai package distribute -o "$FILES/dist.gkpkg" >/dev/null
OFFICE_DIGITS=$(as "$OFFICE" gongkai keys show | sed -n 2p)  # first contact: the unit checks the office's fingerprint
as "$UNIT" gongkai package import-distribution "$FILES/dist.gkpkg" --office-fingerprint "$OFFICE_DIGITS" >/dev/null
as "$UNIT" gongkai keys export-enrolment -o "$FILES/police-key.json" >/dev/null
as "$OFFICE" gongkai keys import-enrolment "$FILES/police-key.json" >/dev/null
DIGITS=$(as "$UNIT" gongkai keys show | sed -n 2p)
# shellcheck disable=SC2086 # the eight groups of digits, as a person types them
as "$OFFICE" gongkai keys confirm 市公安局 $DIGITS >/dev/null
as "$UNIT" gongkai package export 04 -o "$FILES/inbox/" >/dev/null
as "$OFFICE" gongkai review import "$FILES/inbox/" >/dev/null
as "$OFFICE" gongkai review decide 1 --return --comment "请补充公开依据（CI）" >/dev/null
as "$OFFICE" gongkai review result 1 -o "$FILES/result.gkpkg" >/dev/null
as "$UNIT" gongkai catalog start 08 >/dev/null  # a new submission for the office's double-click
as "$UNIT" gongkai package export 08 -o "$FILES/second/" >/dev/null
SUBMISSION=$(ls "$FILES"/second/*.gkpkg)

# the libraries and data files behind the documents, in the installed program: Excel and Word written
# (python-docx's templates) and read back (python-calamine, the Word table reader)
for fmt in xlsx docx; do
  as "$UNIT" gongkai export "$fmt" 04 -o "$FILES/04.$fmt" >/dev/null
  as "$UNIT" gongkai import catalog "$FILES/04.$fmt" --dry-run | grep -q "无法读取 0 行" || fail "the installed program cannot read its own .$fmt"
done
log "the installed program wrote and read back the catalog as .xlsx and .docx"

# the MIME type and its default application, as the desktop sees them
[[ $(gio info -a standard::content-type "$FILES/result.gkpkg" | sed -n 's/.*standard::content-type: //p') == "$MIME" ]] \
  || fail "a .gkpkg is not recognised as $MIME"
cp "$FILES/result.gkpkg" "$FILES/attachment"  # e-mailed without its name: the content (magic) says it
[[ $(gio info -a standard::content-type "$FILES/attachment" | sed -n 's/.*standard::content-type: //p') == "$MIME" ]] \
  || fail "a package without its .gkpkg name is not recognised by its content"
[[ $(xdg-mime query default "$MIME") == gongkai-desktop.desktop ]] || fail "xdg-mime default for $MIME"
log "MIME: .gkpkg is $MIME, opened by $(xdg-mime query default "$MIME")"

# a virtual screen
for n in $(seq 90 140); do [[ -e /tmp/.X$n-lock ]] || { export DISPLAY=":$n"; break; }; done
Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
XPID=$!
sleep 1
unset QT_QPA_PLATFORM
wait_for() {  # wait_for SECONDS COMMAND…
  local until=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do (( SECONDS < until )) || return 1; sleep 0.5; done
}
stop_app() {  # the program that wrote the frame file (it is still running: it was just looked at)
  local pid; pid=$(frame_pid "$1")
  kill "$pid" 2>/dev/null || true
  wait_for 10 bash -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
  mv "$1" "$1.done"  # the cleanup never signals that pid again
}

# the window to its first frame
GONGKAI_FIRST_FRAME=$UNIT/frame-window.json as "$UNIT" gongkai-desktop >"$WORK/window.log" 2>&1 &
wait_for 60 test -s "$UNIT/frame-window.json" || { cat "$WORK/window.log"; fail "the window showed no frame in 60 s"; }
sleep 1
import -window root "$OUT/window.png"
grep -q 市公安局 "$UNIT/frame-window.json" || fail "the window is not the unit's"
stop_app "$UNIT/frame-window.json"
log "the window's first frame: $(cat "$UNIT/frame-window.json.done") -> $OUT/window.png"

# a double-click on a review result, in the unit's session: gio launches the desktop entry's Exec
GONGKAI_FIRST_FRAME=$UNIT/frame-result.json as "$UNIT" gio open "$FILES/result.gkpkg"
wait_for 60 bash -c "setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH=/usr/bin:/bin HOME='$UNIT' gongkai result comments | grep -q '请补充公开依据（CI）'" \
  || fail "the review result opened through the MIME association was not imported"
wait_for 20 test -s "$UNIT/frame-result.json" || fail "no window for the review result"
sleep 1.5
import -window root "$OUT/open-result-unit.png"
stop_app "$UNIT/frame-result.json"
log "unit: double-click on result.gkpkg imported the review result -> $OUT/open-result-unit.png"

# a double-click on a submission, in the office's session: the import dialog with that file
GONGKAI_FIRST_FRAME=$OFFICE/frame-import.json as "$OFFICE" gio open "$SUBMISSION"
wait_for 60 test -s "$OFFICE/frame-import.json" || fail "no office window for the submission"
wait_for 30 xdotool search --name 导入单位报送的文件包 || fail "the office's import dialog did not open"
sleep 2
import -window root "$OUT/open-submission-office.png"
stop_app "$OFFICE/frame-import.json"
log "office: double-click on $(basename "$SUBMISSION") opened 导入单位报送的文件包 -> $OUT/open-submission-office.png"
kill "$XPID" 2>/dev/null || true; XPID=""

# publishing: the site's assets and the Excel download's worker process (multiprocessing in a frozen program)
as "$OFFICE" gongkai review import "$FILES/second/" >/dev/null
as "$OFFICE" gongkai review decide 2 --approve --accept-problems >/dev/null  # its items may have gaps (issue 16: confirmed)
as "$OFFICE" gongkai publish -o "$FILES/site" >/dev/null 2>&1 || fail "the installed program could not publish"
[[ -s $FILES/site/index.html && -n $(ls "$FILES"/site/assets/*.css) && -n $(ls "$FILES"/site/downloads/*.xlsx) ]] \
  || fail "the published site lacks its page, stylesheet or Excel download"
log "published the approved catalog as a website ($(find "$FILES/site" -type f | wc -l) files)"

# --- 5. removal keeps every workspace ----------------------------------------------------------------------
sums() { find "$UNIT/.local/share" "$OFFICE/.local/share" -type f -print0 | sort -z | xargs -0 sha256sum; }
BEFORE=$(sums)
"${APT[@]}" remove gongkai-desktop >/dev/null
[[ ! -e /opt/gongkai-desktop && ! -e /usr/bin/gongkai && ! -e /usr/share/applications/gongkai-desktop.desktop \
   && ! -e /usr/share/mime/packages/gongkai-desktop.xml ]] || fail "files left after removal"
[[ -z $(xdg-mime query default "$MIME") ]] || fail "the association outlived the package"
"${APT[@]}" purge gongkai-desktop >/dev/null
! dpkg-query -W gongkai-desktop >/dev/null 2>&1 || ! dpkg-query -W -f '${db:Status-Status}' gongkai-desktop | grep -qv not-installed \
  || fail "package still known to dpkg"
[[ $(sums) == "$BEFORE" ]] || fail "a workspace changed when the package was removed"
[[ $($PY -c 'import sqlite3,sys; print(sqlite3.connect(f"file:{sys.argv[1]}?immutable=1", uri=True).execute("select count(*) from catalog").fetchone()[0])' "$UNIT_DB") -ge 1 ]] \
  || fail "the unit's catalog is gone"
log "removed and purged: no file of the package left; $(echo "$BEFORE" | wc -l) workspace files unchanged"
log "all checks passed ($(basename "$DEB"))"
