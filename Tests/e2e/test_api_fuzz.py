"""The API fuzzed against its own OpenAPI document (issue 10): schemathesis generates requests for every
route the served document describes — valid ones, boundary values and invalid ones — as an anonymous
caller, as a clerk logged in to window 1 and as an administrator, and checks every answer:

- no 5xx (`not_a_server_error`);
- the status code is one the document lists for that route (`status_code_conformance`);
- the Content-Type, the documented headers and the body conform to the document
  (`content_type_conformance`, `response_headers_conformance`, `response_schema_conformance`; the
  document's schemas are exact: `required` lists and `additionalProperties: false`).

The fuzzer gets a hall of its own (a fresh data folder and port, the demo hall, the same clock and
options as the e2e hall), so that thousands of tickets, failed logins (which throttle the address),
closed windows and refused hall files do not change what the other browser tests see. The requests
it made are counted from its HAR report, printed, and must reach MIN_REQUESTS.

Environment: HALL_FUZZ_EXAMPLES (examples per route and role, default 12), HALL_FUZZ_SEED (default
1123; the same seed makes the same requests), HALL_BIN (the hall binary; default from
`swift build --show-bin-path`). docs/security.md says how to run it alone.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MIN_REQUESTS = 2000
EXAMPLES = int(os.environ.get("HALL_FUZZ_EXAMPLES", "12"))
SEED = os.environ.get("HALL_FUZZ_SEED", "1123")
CHECKS = ",".join(["not_a_server_error", "status_code_conformance", "content_type_conformance",
                   "response_headers_conformance", "response_schema_conformance"])
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def hall_binary():
    if os.environ.get("HALL_BIN"):
        return os.environ["HALL_BIN"]
    swift = os.environ.get("SWIFT", "swift")
    bin_path = subprocess.run([swift, "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout.strip()
    return os.path.join(bin_path, "hall")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, cookie=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def fuzz_hall():
    """A hall of the fuzzer's own: the demo hall on a free port with a fresh data folder."""
    data_dir = tempfile.mkdtemp(prefix="hall-fuzz.")
    port = free_port()
    log = open(os.path.join(data_dir, "server.log"), "w")
    server = subprocess.Popen(
        [hall_binary(), "serve", "--data-dir", data_dir, "--port", str(port), "--host", "127.0.0.1",
         "--layouts", str(ROOT / "Layouts"), "--start-at", "2026-11-23T09:00:00+08:00", "--issue-rate-limit", "0",
         "--log-level", "warning"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if call(base, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, "the fuzzer's hall exited at start"
            assert time.monotonic() < deadline, "the fuzzer's hall did not answer /healthz within 60 s"
            time.sleep(0.1)
        yield base, data_dir
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        if server.returncode not in (0, -15):
            print(Path(data_dir, "server.log").read_text()[-4000:])
        shutil.rmtree(data_dir, ignore_errors=True)


def login(base, username, password, window=None):
    status, headers, body = call(base, "POST", "/api/v1/session",
                                 {"username": username, "password": password, **({"window": window} if window else {})})
    assert status == 200, f"login {username}: {status} {body[:200]!r}"
    return headers["Set-Cookie"].split(";")[0]


def fuzz(base, role, out_dir, cookie=None):
    """Runs schemathesis once for `role`; returns (exit code, output, requests made)."""
    har = os.path.join(out_dir, f"{role}.har")
    command = [str(SCHEMATHESIS), "run", base + "/api/v1/openapi.yaml", "--checks", CHECKS,
               "--max-examples", str(EXAMPLES), "--seed", SEED, "--generation-database", "none",
               # One worker: hypothesis' lambda descriptions are not thread-safe on Python 3.11 (an
               # "AST constructor recursion depth mismatch" error with two).
               "--phases", "examples,coverage,fuzzing", "--workers", "1", "--request-timeout", "15",
               "--no-color", "--report", "har", "--report-har-path", har, "--suppress-health-check", "all"]
    if cookie:
        # A logged-in role keeps its session: logging out is fuzzed as the anonymous caller.
        command += ["--header", f"Cookie: {cookie}", "--exclude-name", "DELETE /api/v1/session"]
    result = subprocess.run(command, cwd=out_dir, capture_output=True, text=True, timeout=600)
    with open(har) as f:
        requests = len(json.load(f)["log"]["entries"])
    return result.returncode, result.stdout + result.stderr, requests


def test_fuzzing_finds_no_server_error_and_every_answer_matches_the_document(fuzz_hall, tmp_path):
    base, _ = fuzz_hall
    admin = login(base, "admin", "admin12345")
    clerk = login(base, "clerk1", "clerk12345", window=1)
    # Some state for the fuzzer to meet: window 1 open with a visit called, people waiting.
    assert call(base, "POST", "/api/v1/windows/1/open", cookie=clerk)[0] == 200
    for service in ("pension", "pension", "medical-insurance"):
        call(base, "POST", "/api/v1/tickets", {"service": service})
    assert call(base, "POST", "/api/v1/windows/1/call-next", cookie=clerk)[0] == 200

    started = time.monotonic()
    counts, failures = {}, []
    for role, cookie in (("clerk", clerk), ("admin", admin), ("anonymous", None)):
        code, output, requests = fuzz(base, role, str(tmp_path), cookie)
        counts[role] = requests
        print(f"schemathesis as {role}: {requests} requests, exit {code}")
        if code != 0:
            failures.append(f"--- as {role} (exit {code}):\n{output[-12000:]}")
    total = sum(counts.values())
    print(f"schemathesis: {total} requests in {time.monotonic() - started:.0f} s ({counts})")
    assert not failures, "\n".join(failures)
    assert total >= MIN_REQUESTS, f"only {total} requests were made ({counts})"
    # Every role really was exercised, and the hall is still healthy afterwards.
    assert min(counts.values()) >= MIN_REQUESTS // 5, counts
    status, _, body = call(base, "GET", "/healthz")
    assert status == 200, body
