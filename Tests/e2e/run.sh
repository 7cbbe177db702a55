#!/usr/bin/env bash
# The screens' end-to-end suite: builds the hall, serves the demo hall on a free port with a fresh
# data folder (clock starting Monday 2026-11-23 09:00 China time, so the hall is open), runs pytest
# against it with a real headless Chromium, and stops the server whatever happens.
# Screenshots go to .build/screenshots/. Extra arguments go to pytest (e.g. -k presence).
set -euo pipefail
cd "$(dirname "$0")/../.."
SWIFT=${SWIFT:-swift}

if [ "${E2E_SKIP_BUILD:-0}" != 1 ]; then $SWIFT build --product hall; fi
HALL_BIN="$($SWIFT build --show-bin-path)/hall"

data_dir=$(mktemp -d /tmp/hall-e2e.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log="$data_dir/server.log"
"$HALL_BIN" serve --data-dir "$data_dir" --port "$port" --host 127.0.0.1 --layouts Layouts \
    --start-at 2026-11-23T09:00:00+08:00 --issue-rate-limit 0 --log-level warning >"$log" 2>&1 &
server=$!
cleanup() {
    status=$?
    if [ "$status" -ne 0 ] || ! kill -0 "$server" 2>/dev/null; then
        echo "e2e: the hall's log (exit $status; server $(kill -0 "$server" 2>/dev/null && echo running || echo gone)):" >&2
        tail -n 60 "$log" >&2
    fi
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$data_dir"
}
trap cleanup EXIT

# Ready when /healthz answers. A new demo hall first generates its 30 days of history (a debug
# build on a busy machine takes a while), so the poll allows E2E_READY_SECONDS (default 600) and
# gives up at once when the server has exited.
started=$SECONDS
ready_limit=$((started + ${E2E_READY_SECONDS:-600}))
until curl -fs --max-time 5 -o /dev/null "http://127.0.0.1:$port/healthz"; do
    if ! kill -0 "$server" 2>/dev/null || [ "$SECONDS" -ge "$ready_limit" ]; then
        echo "e2e: the hall did not become ready (after $((SECONDS - started)) s); its log:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.2
done
echo "e2e: the hall is ready after $((SECONDS - started)) s" >&2

mkdir -p .build/screenshots
HALL_URL="http://127.0.0.1:$port" HALL_DATA_DIR="$data_dir" SCREENSHOT_DIR="$PWD/.build/screenshots" \
    "${E2E_PYTHON:-.build/e2e-venv/bin/python}" -m pytest -p no:cacheprovider -q Tests/e2e "$@"
