#!/usr/bin/env bash
# The package test (`make package-test`): builds servicehall_*.deb, installs it with apt into a fresh
# minimal Debian 12 root made by mmdebstrap (proving Depends: is complete), runs the installed hall
# from its installed paths as the servicehall user, and checks /healthz, a ticket, backup and restore,
# doctor, the screens' roles, the shared libraries, the systemd units and lintian.
# Cleans up whatever happens (processes by PID, /proc, the root). Needs root (mmdebstrap, chroot).
# Prints `N passed, M failed` last; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
passed=0
failed=0
root=""
hall_pid=""
proc_mounted=no

pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check "what" command…
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

cleanup() {
    if [ -n "$hall_pid" ] && kill -0 "$hall_pid" 2>/dev/null; then
        kill "$hall_pid" 2>/dev/null
        wait "$hall_pid" 2>/dev/null
    fi
    if [ "$proc_mounted" = yes ]; then umount "$root/proc" 2>/dev/null || umount -l "$root/proc"; fi
    if [ -n "$root" ] && [ -d "$root" ]; then rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

finish() {
    echo "package-test: $(($(date +%s) - started)) s"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

if [ "$(id -u)" -ne 0 ]; then
    fail "the package test runs as root (mmdebstrap and chroot need it)"
    finish
fi
for tool in mmdebstrap lintian dh systemd-analyze; do
    if ! command -v "$tool" >/dev/null; then
        fail "$tool is missing: install the packages of scripts/apt-packages/packaging.txt (make deps)"
        finish
    fi
done

# --- The package -------------------------------------------------------------------------------
t0=$(date +%s)
if ! make --no-print-directory deb; then
    fail "make deb builds the package"
    finish
fi
deb=$(ls -t .build/dist/servicehall_*_amd64.deb | head -1)
pass "make deb built $deb in $(($(date +%s) - t0)) s"

lintian_out=$(lintian --fail-on error "$deb" 2>&1; echo "exit=$?")
echo "$lintian_out" | sed 's/^/  lintian: /'
check "lintian reports no errors" grep -q '^exit=0$' <<<"$lintian_out"

contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/hall ./usr/share/servicehall/Layouts/ticket.layout ./usr/share/servicehall/Layouts/screens/kiosk.html \
    ./usr/share/servicehall/Devices/printers/ ./usr/share/servicehall/Halls/demo-hall.yaml ./usr/share/servicehall/Halls/photos/li-na.svg \
    ./etc/servicehall/hall.yaml ./usr/lib/udev/rules.d/99-servicehall.rules ./usr/lib/sysusers.d/servicehall.conf \
    ./lib/systemd/system/servicehall.service ./lib/systemd/system/servicehall-screen@.service \
    ./lib/systemd/system/servicehall-backup.service ./lib/systemd/system/servicehall-backup.timer; do
    check "the package holds $path" grep -q " $path\$" <<<"$contents"
done
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
check "/etc/servicehall/hall.yaml is a conffile" grep -qx /etc/servicehall/hall.yaml <<<"$conffiles"
depends=$(dpkg-deb -f "$deb" Depends)
echo "  Depends: $depends"
echo "  Recommends: $(dpkg-deb -f "$deb" Recommends)"
for dep in libsqlite3-0 espeak-ng sox fonts-noto-cjk; do
    check "Depends names $dep" grep -q "$dep" <<<"$depends"
done

# --- A fresh Debian 12 root with the package installed by apt ------------------------------------
t0=$(date +%s)
root=$(mktemp -d /tmp/servicehall-root.XXXXXX)
if ! mmdebstrap --quiet --variant=apt --include=ca-certificates,curl bookworm "$root" >/tmp/package-test-mmdebstrap.log 2>&1; then
    tail -20 /tmp/package-test-mmdebstrap.log
    fail "mmdebstrap makes a Debian 12 root"
    finish
fi
pass "mmdebstrap made a Debian 12 root in $(($(date +%s) - t0)) s"
cp "$deb" "$root/tmp/"
t0=$(date +%s)
if chroot "$root" bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$(basename "$deb")" \
    >/tmp/package-test-apt.log 2>&1; then
    pass "apt-get install ./$(basename "$deb") in the root ($(($(date +%s) - t0)) s): Depends is complete"
else
    tail -30 /tmp/package-test-apt.log
    fail "apt-get install the .deb in the root"
    finish
fi
mount -t proc proc "$root/proc" && proc_mounted=yes

# --- The units, as installed in the root (with systemd's own units and the ExecStart programs) ---
for unit in servicehall.service servicehall-backup.service servicehall-backup.timer servicehall-screen@kiosk.service \
    servicehall-screen@evaluator-1.service; do
    out=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --root="$root" --man=no "$unit" 2>&1)
    status=$?
    # Any line about our units (a warning included) fails; lines about the root's own units do not.
    if [ $status -eq 0 ] && ! grep -q servicehall <<<"$out"; then pass "systemd-analyze verify $unit"; else
        echo "$out" | sed 's/^/  /'
        fail "systemd-analyze verify $unit"
    fi
done
inroot() { chroot "$root" "$@"; }
as_hall() { chroot --userspec=servicehall:servicehall "$root" env HOME=/var/lib/servicehall "$@"; }

missing=$(inroot ldd /usr/bin/hall | grep -E 'not found|swift|/opt/' || true)
check "/usr/bin/hall needs no library outside Debian's packages (ldd)" test -z "$missing"
[ -n "$missing" ] && echo "  $missing"
check "the servicehall user and group exist" inroot getent passwd servicehall
check "the servicehall-screen user exists" inroot getent passwd servicehall-screen
check "/etc/servicehall/hall.yaml is readable by root and group servicehall only" \
    test "$(inroot stat -c '%a %U %G' /etc/servicehall/hall.yaml)" = "640 root servicehall"
check "hall check-config accepts the installed hall file" inroot hall check-config /etc/servicehall/hall.yaml
check "the kiosk screen shows /kiosk" test "$(inroot /usr/libexec/servicehall/screen --url kiosk)" = "http://localhost:8080/kiosk"
check "evaluator-3 shows /evaluator/3" test "$(inroot /usr/libexec/servicehall/screen --url evaluator-3)" = "http://localhost:8080/evaluator/3"
check "board-presence shows /board/presence" \
    test "$(inroot /usr/libexec/servicehall/screen --url board-presence)" = "http://localhost:8080/board/presence"
inroot /usr/libexec/servicehall/screen --url lobby >/dev/null 2>&1
check "an unknown screen role is refused (exit 64)" test $? -eq 64

# systemd's StateDirectory= makes /var/lib/servicehall when the service starts; the root has no
# systemd running, so the test makes it the same way.
inroot install -d -o servicehall -g servicehall -m 0700 /var/lib/servicehall

start_hall() {
    : >"$root/tmp/hall.log"
    chroot --userspec=servicehall:servicehall "$root" env HOME=/var/lib/servicehall \
        hall serve --port 0 --host 127.0.0.1 --start-at opening >"$root/tmp/hall.log" 2>&1 &
    hall_pid=$!
    port=""
    for _ in $(seq 1 300); do
        port=$(sed -n 's/^ServiceHall ready on port \([0-9]*\)$/\1/p' "$root/tmp/hall.log")
        [ -n "$port" ] && return 0
        kill -0 "$hall_pid" 2>/dev/null || break
        sleep 0.2
    done
    cat "$root/tmp/hall.log"
    return 1
}
stop_hall() {
    kill "$hall_pid" && wait "$hall_pid"
    local status=$?
    hall_pid=""
    return $status
}
api() { inroot curl -fsS "$@"; }

if ! start_hall; then
    fail "hall serve starts from the installed paths"
    finish
fi
pass "hall serve starts from the installed paths as user servicehall (port $port)"
check "it seeded the hall from /etc/servicehall/hall.yaml" grep -q "seeded the hall from /etc/servicehall/hall.yaml" "$root/tmp/hall.log"
check "the database is in /var/lib/servicehall, mode 0600" test "$(inroot stat -c '%a %U' /var/lib/servicehall/hall.sqlite)" = "600 servicehall"
check "/healthz answers ok" sh -c "chroot '$root' curl -fsS http://127.0.0.1:$port/healthz 2>/dev/null | grep -q '\"status\":\"ok\"'"
check "the kiosk page is served from /usr/share/servicehall" sh -c "chroot '$root' curl -fsS http://127.0.0.1:$port/kiosk 2>/dev/null | grep -q '<html'"
check "the API description is served from /usr/share/servicehall" sh -c "chroot '$root' curl -fsS http://127.0.0.1:$port/api/v1/openapi.yaml 2>/dev/null | grep -q '^openapi:'"
first=$(api -XPOST "http://127.0.0.1:$port/api/v1/tickets" -H 'content-type: application/json' -d '{"service":"pension"}' |
    grep -o '"number":"[A-Z0-9]*"' | head -1 | cut -d'"' -f4)
check "a ticket is issued ($first)" test -n "$first"

backup_out=$(as_hall hall backup 2>&1)
echo "  $backup_out"
backup=$(sed -n 's/^备份完成 Backup written: \(\/var\/lib\/servicehall\/backups\/hall-[0-9-]*\.sqlite\) .*/\1/p' <<<"$backup_out")
check "hall backup writes a dated copy while the hall runs" test -n "$backup" -a -f "$root$backup"

second=$(api -XPOST "http://127.0.0.1:$port/api/v1/tickets" -H 'content-type: application/json' -d '{"service":"pension"}' |
    grep -o '"number":"[A-Z0-9]*"' | head -1 | cut -d'"' -f4)
check "a second ticket is issued after the backup ($second)" test -n "$second" -a "$second" != "$first"

refused=$(as_hall hall restore "$backup" 2>&1)
status=$?
check "hall restore refuses while the hall runs" test $status -ne 0 -a -n "$(grep 'systemctl stop servicehall' <<<"$refused")"

doctor_out=$(inroot hall doctor --port "$port" 2>&1)
doctor_status=$?
echo "$doctor_out" | sed 's/^/  doctor: /'
check "hall doctor finds the demo hall's virtual scanners from the installed SANE folder" grep -q '^\[ OK \] 1 号窗口扫描仪已连接' <<<"$doctor_out"
check "hall doctor runs and finds the running hall and a sound database" \
    sh -c "test $doctor_status -le 1 && grep -q '^\[ OK \] 办事大厅运行中' <<'EOF'
$doctor_out
EOF
grep -q '^\[ OK \] 数据库完整' <<'EOF'
$doctor_out
EOF"

check "SIGTERM stops the hall cleanly" stop_hall
restore_out=$(as_hall hall restore "$backup" 2>&1)
status=$?
echo "$restore_out" | sed 's/^/  /'
check "hall restore puts the backup back when the hall is stopped" test $status -eq 0
check "the replaced database is kept aside" sh -c "ls '$root'/var/lib/servicehall/hall.sqlite.replaced-* >/dev/null 2>&1"

if start_hall; then
    pass "the hall starts again on the restored database"
    hall=$(api "http://127.0.0.1:$port/api/v1/hall")
    check "the ticket issued before the backup is there after the restore ($first)" grep -q "\"$first\"" <<<"$hall"
    check "the ticket issued after the backup is not ($second)" test -z "$(grep "\"$second\"" <<<"$hall")"
    check "SIGTERM stops the hall again" stop_hall
else
    fail "the hall starts again on the restored database"
fi

# A damaged database: a message naming the problem and `hall restore`, exit 2, no stack trace.
inroot sh -c 'dd if=/dev/urandom of=/var/lib/servicehall/hall.sqlite bs=4096 seek=1 count=8 conv=notrunc status=none'
damaged=$(as_hall hall serve --port 0 2>&1)
status=$?
echo "$damaged" | sed 's/^/  /'
check "a damaged database stops the start with exit 2, naming hall restore" \
    sh -c "test $status -eq 2 && grep -q 'hall restore' <<'EOF'
$damaged
EOF"
check "... and no stack trace" test -z "$(grep -iE 'fatal error|stack|backtrace|0x[0-9a-f]{8}' <<<"$damaged")"

finish
