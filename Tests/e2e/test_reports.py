"""The administrator downloads the monthly case report (办件情况月报) and the staff appraisal sheet
(考核表) from the admin page, in a real headless Chromium; the CSV is read back with Python's csv
module and its figures match what this test did at the windows. The trends section shows the
period's figures."""
import csv
import io
import os
import urllib.request

from selenium.webdriver.common.by import By

from conftest import HALL_URL, api, login
from pages import click, fits, open_page, serve_ticket, shoot, wait

SERVICE = "consultation"  # window 7's own service; no other browser test works at window 7
WINDOW = 7


def csv_rows(data):
    """The report's rows keyed by (kind, key), each a dict of column key → cell; checks the BOM."""
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV has no byte-order mark"
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    header = [cell.split(" ")[-1] for cell in rows[0]]
    assert header[:4] == ["kind", "key", "name", "issued"], header
    return {(r[0], r[1]): dict(zip(header, r)) for r in rows[1:]}


def downloaded(path):
    """Whether Chromium has finished downloading `path`. It first reserves the name with an empty file,
    writes the download under `<name>.crdownload` and renames that over it when complete: an empty
    file or a .crdownload beside it is a download still under way."""
    folder = os.path.dirname(path)
    return (os.path.exists(path) and os.path.getsize(path) > 0
            and not any(name.endswith(".crdownload") for name in os.listdir(folder)))


def fetch(path, cookie):
    request = urllib.request.Request(HALL_URL + "/api/v1/" + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as r:
        return r.read(), r.headers


def serve(cookie, rate):
    """One visit for SERVICE at WINDOW, rated with its ticket's code when `rate` is given."""
    ticket = serve_ticket(WINDOW, cookie, SERVICE)
    if rate:
        status, body, _ = api("POST", f"visits/{ticket['visitID']}/rating", {"level": rate, "code": ticket["ratingCode"]})
        assert status == 201, body


def test_monthly_report_download_matches_what_happened(browser, tmp_path):
    admin_cookie = login("admin", "admin12345")
    before = csv_rows(fetch("reports/month?month=2026-11&format=csv", admin_cookie)[0])
    clerk = login("clerk7", "clerk12345", WINDOW)
    assert api("POST", f"windows/{WINDOW}/open", {}, clerk)[0] == 200
    serve(clerk, "verySatisfied")
    serve(clerk, "satisfied")
    serve(clerk, None)
    # The hall as the other tests expect it: window 7 closed, its clerk logged out.
    assert api("POST", f"windows/{WINDOW}/close", {}, clerk)[0] == 200
    assert api("DELETE", "session", cookie=clerk)[0] in (200, 204)

    admin = browser(1920, 1080)
    admin.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    open_page(admin, "/admin", "#login:not([hidden])")
    admin.find_element(By.ID, "username").send_keys("admin")
    admin.find_element(By.ID, "password").send_keys("admin12345")
    admin.find_element(By.ID, "login-button").click()
    # The trends section fills in with the period's figures (the hall's 30 days up to today).
    wait(admin, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#trend-rows tbody tr"), "the trends never showed")
    wait(admin, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#attendance-rows tbody tr"), "no attendance table")
    assert admin.find_elements(By.CSS_SELECTOR, "#trend-charts svg.chart"), "no trend chart"
    admin.execute_script("document.getElementById('report-month').value = '2026-11'")
    # Names, not ids: the service's name in the table, the staff members' in the attendance.
    assert "政策咨询与办事引导" in admin.find_element(By.ID, "trend-rows").text
    assert "赵敏" in admin.find_element(By.ID, "attendance-rows").text
    admin.execute_script("document.getElementById('trend-title').scrollIntoView()")
    fits(admin, vertical=False)
    shoot(admin, "admin-trends-1920x1080")
    admin.execute_script("document.getElementById('report-title').scrollIntoView()")
    shoot(admin, "admin-reports-1920x1080")
    click(admin, "#report-month-csv")
    target = os.path.join(tmp_path, "monthly-report-2026-11.csv")
    wait(admin, 10).until(lambda d: downloaded(target), "the CSV was never downloaded")
    with open(target, "rb") as f:
        after = csv_rows(f.read())

    def delta(kind, key, column):
        old = before.get((kind, key), {}).get(column) or "0"
        return int(after[(kind, key)][column]) - int(old)

    for kind, key in [("service", SERVICE), ("window", str(WINDOW)), ("window", "total")]:
        assert delta(kind, key, "issued") == 3, (kind, key)
        assert delta(kind, key, "served") == 3, (kind, key)
        assert delta(kind, key, "rated") == 2, (kind, key)
        assert delta(kind, key, "very_satisfied") == 1, (kind, key)
        assert delta(kind, key, "satisfied") == 1, (kind, key)
    assert after[("service", SERVICE)]["name"] == "政策咨询与办事引导"

    click(admin, "#report-appraisal-pdf")
    pdf = os.path.join(tmp_path, "appraisal-2026-11.pdf")
    wait(admin, 10).until(lambda d: downloaded(pdf), "the PDF was never downloaded")
    with open(pdf, "rb") as f:
        assert f.read(4) == b"%PDF"


def test_reports_need_an_administrator():
    clerk = login("clerk7", "clerk12345", WINDOW)
    status, body, _ = api("GET", "reports/month?month=2026-11&format=csv", cookie=clerk)
    assert status == 403, body
    api("DELETE", "session", cookie=clerk)
    assert api("GET", "stats/period?by=day")[0] == 401
    status, body, _ = api("GET", "reports/month?month=2026-13", cookie=login("admin", "admin12345"))
    assert status == 400 and body["error"] == "bad_month"
