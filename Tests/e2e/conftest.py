"""Fixtures for the screens' end-to-end tests: the running hall (started by run.sh) and browsers."""
import glob
import json
import os
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

HALL_URL = os.environ.get("HALL_URL", "http://127.0.0.1:8080")
DATA_DIR = os.environ.get("HALL_DATA_DIR", "data")
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR", ".build/screenshots")


def make_driver(width, height):
    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--autoplay-policy=no-user-gesture-required", "--force-device-scale-factor=1",
                "--lang=zh-CN", f"--window-size={width},{height}"):
        options.add_argument(arg)
    binary = "/usr/bin/chromium"
    if os.path.exists(binary):
        options.binary_location = binary
    service = Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service()
    driver = webdriver.Chrome(options=options, service=service)
    # The page's viewport exactly at the screen's size, whatever the window decorations.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return driver


@pytest.fixture
def browser():
    """A factory of browsers at a given screen size, all closed after the test."""
    drivers = []

    def open_browser(width=1920, height=1080):
        d = make_driver(width, height)
        drivers.append(d)
        return d

    yield open_browser
    for d in drivers:
        d.quit()


def api(method, path, body=None, cookie=None):
    """Calls the hall's JSON API; returns (status, parsed body, headers)."""
    request = urllib.request.Request(HALL_URL + "/api/v1/" + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})})
    try:
        with urllib.request.urlopen(request) as r:
            text = r.read()
            return r.status, (json.loads(text) if text else None), r.headers
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null"), e.headers


def login(username, password, window=None):
    status, _, headers = api("POST", "session", {"username": username, "password": password, **({"window": window} if window else {})})
    assert status == 200, f"login {username}: {status}"
    return headers["Set-Cookie"].split(";")[0]


# MARK: county-4
@pytest.fixture(scope="module")
def county():
    """A scratch PostgreSQL, `hall county serve` on it and the demo hall forwarding into it (county_server.py)."""
    from county_server import County
    running = County()
    try:
        yield running.start()
    finally:
        running.stop()


def spooled(printer):
    """The jobs on a virtual printer's paper, {job name: its ESC/POS bytes}: read from its rolls,
    paper-NNNNNN.bin, whose jobs are named a line each in paper-NNNNNN.jobs (name, offset, length,
    milliseconds). The list is read before the roll: a job it names has all its bytes on the roll."""
    folder = os.path.join(DATA_DIR, "spool", printer)
    jobs = {}
    for listing in sorted(glob.glob(os.path.join(folder, "paper-*.jobs"))):
        try:
            with open(listing, encoding="utf-8") as f:
                lines = f.read().split("\n")[:-1]  # the text after the last newline is half a line
            with open(listing[:-len(".jobs")] + ".bin", "rb") as f:
                paper = f.read()
        except FileNotFoundError:  # trimmed meanwhile
            continue
        for line in lines:
            name, offset, length, _ = line.split("\t")
            jobs[name] = paper[int(offset):int(offset) + int(length)]
    return jobs
