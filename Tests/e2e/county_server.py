"""A county of one hall for the county page's browser test (issue 13): a scratch PostgreSQL 15
(initdb and pg_ctl on a temporary folder and a free port, as Tests/HallCountyTests/PostgresServer.swift
does), `hall county serve` on it with an administrator, and `hall serve` of the demo hall (without
its devices, three days of history) forwarding its journal into it. Everything is stopped and
removed afterwards."""
import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
ADMIN = ("county-admin", "county e2e password")
HALL_ID = "qingshan"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hall_binary():
    """The hall program run.sh built (debug unless HALL_BIN says otherwise)."""
    path = Path(os.environ.get("HALL_BIN", REPO / ".build/debug/hall"))
    assert path.is_file(), f"no hall program at {path}: swift build --product hall"
    return str(path)


def read_port(process, prefix, seconds):
    """The port a starting server prints (`<prefix> N`), failing when it exits or stays silent."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            if not line:
                break
            text += line
            if line.startswith(prefix):
                return int(line.split()[-1])
        elif process.poll() is not None:
            break
    raise AssertionError(f"{prefix!r} never came (exit {process.poll()}): {text}")


def run(arguments, **options):
    """Runs a command to its end; a failure names the command and what it said."""
    done = subprocess.run(arguments, capture_output=True, text=True, **options)
    assert done.returncode == 0, f"{' '.join(arguments)} failed ({done.returncode}): {done.stdout}{done.stderr}"


def hall_file(folder, url):
    """The demo hall without its devices, forwarding to the county as qingshan."""
    lines, in_devices = [], False
    for line in (REPO / "Halls/demo-hall.yaml").read_text(encoding="utf-8").split("\n"):
        if line.startswith("devices:"):
            in_devices = True
            continue
        if in_devices and line and line[0] not in " #":
            in_devices = False
        if not in_devices:
            lines.append(line)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photos").symlink_to(REPO / "Halls/photos")
    path = folder / "hall.yaml"
    path.write_text("\n".join(lines) + f'\ncounty:\n  url: "{url}"\n  hall_id: {HALL_ID}\n', encoding="utf-8")
    return path


class County:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="county-e2e-"))
        # PostgreSQL runs as its own user (never as root): it must reach its folder inside this one.
        self.folder.chmod(0o755)
        self.processes = []
        self.pg_data = self.folder / "pg" / "data"
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def start(self):
        initdb = PG_BIN / "initdb"
        assert initdb.is_file(), f"{initdb} is missing: apt-get install postgresql-15 (scripts/apt-packages/county.txt)"
        (self.folder / "pg").mkdir()
        if self.as_owner:
            shutil.chown(self.folder / "pg", "postgres", "postgres")
        run(self.as_owner + [str(initdb), "-D", str(self.pg_data), "-U", "county", "-A", "trust", "--no-sync", "-E", "UTF8",
                             "--locale=C"])
        port = free_port()
        run(self.as_owner + [str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-l", str(self.folder / "pg" / "log"), "-w", "-t",
                             "60", "-o", f"-p {port} -k {self.folder / 'pg'} -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
        self.postgres = f"postgres://county@127.0.0.1:{port}/postgres?sslmode=disable"
        hall = hall_binary()
        run([hall, "county", "migrate", "--postgres", self.postgres])
        run([hall, "county", "add-admin", "--postgres", self.postgres, "--username", ADMIN[0]],
            env={**os.environ, "SERVICEHALL_COUNTY_ADMIN_PASSWORD": ADMIN[1]})
        server = self.spawn([hall, "county", "serve", "--postgres", self.postgres, "--port", "0", "--host", "127.0.0.1",
                             "--layouts", str(REPO / "Layouts")])
        self.url = f"http://127.0.0.1:{read_port(server, 'ServiceHall county ready on port', 60)}"
        config = hall_file(self.folder / "hall", self.postgres)
        forwarding = self.spawn([hall, "serve", "--config", str(config), "--data-dir", str(self.folder / "hall"), "--port", "0",
                                 "--host", "127.0.0.1", "--layouts", str(REPO / "Layouts"), "--start-at",
                                 "2026-11-23T09:00:00+08:00", "--history-days", "3", "--issue-rate-limit", "0",
                                 "--log-level", "error"])
        self.hall_url = f"http://127.0.0.1:{read_port(forwarding, 'ServiceHall ready on port', 600)}"
        return self

    def spawn(self, arguments):
        process = subprocess.Popen(arguments, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.processes.append(process)
        return process

    def hall_api(self, method, path, body=None):
        request = urllib.request.Request(self.hall_url + path, method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as r:
            return json.loads(r.read() or b"null")

    def forwarded(self, seconds=120):
        """Waits until the county holds every entry of the hall's journal (its /healthz says none is behind)."""
        deadline = time.monotonic() + seconds
        county = None
        while time.monotonic() < deadline:
            county = self.hall_api("GET", "/healthz").get("county")
            if county and county["events"] == 0 and county["forwardedSeq"] > 0 and not county.get("error"):
                return county
            time.sleep(0.2)
        raise AssertionError(f"the hall's journal never all reached the county: {county}")

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
            process.stdout.close()
        if self.pg_data.exists():
            subprocess.run(self.as_owner + [str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-m", "immediate", "-w", "stop"],
                           capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)
