"""The clerk console's devices in a real headless Chromium against a running hall (see run.sh):
scanning the resident's papers on the window's SANE test scanner, and printing the receipt and the
one-time notice on the window's virtual printer (PNGs spooled under the data folder).

Waits are WebDriverWait conditions, never sleeps. Every test leaves its window closed with nobody at
it, as the other tests expect to find it.
"""
import glob
import os
import re
import urllib.request

from selenium.webdriver.common.by import By

from conftest import DATA_DIR, api
from pages import attr_of, clerk_login, click, finish_as, shoot, text_of, wait















def open_and_call(clerk, window, service):
    """Issues a ticket for the service, opens the window and calls it from the console; returns its number."""
    status, ticket, _ = api("POST", "tickets", {"service": service})
    assert status == 201, ticket
    click(clerk, "#act-open")
    wait(clerk).until(lambda d: attr_of(d, "#window-status", "class") == "open", "the window did not open")
    click(clerk, "#act-call-next")
    wait(clerk).until(lambda d: text_of(d, "#current-number") == ticket["number"], f"{ticket['number']} was not called")
    return ticket["number"]


def finish_and_close(clerk):
    click(clerk, "#act-start")
    wait(clerk).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#act-start[disabled]"))
    finish_as(clerk, "settled")
    click(clerk, "#act-close")
    wait(clerk).until(lambda d: attr_of(d, "#window-status", "class") == "closed", "the window did not close")


def browser_cookie(driver):
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


def spooled(printer):
    return set(glob.glob(os.path.join(DATA_DIR, "spool", printer, "*.png")))


# Records, from the page, whether the progress box ever showed a page being scanned (the scan may
# be too quick for a poll to catch it).
WATCH_PROGRESS_JS = """
window.seenScanProgress = [];
const box = document.getElementById('scan-progress');
new MutationObserver(() => { if (!box.hidden && box.textContent.trim()) window.seenScanProgress.push(box.textContent.trim()); })
  .observe(box, { attributes: true, childList: true, subtree: true, characterData: true });
"""


def test_clerk_scans_and_prints_for_the_current_visit(browser):
    clerk = browser(1920, 1080)
    clerk_login(clerk, "clerk1", 1)
    number = open_and_call(clerk, 1, "pension")
    assert number in text_of(clerk, "#docs-title")
    wait(clerk).until(lambda d: d.find_elements(By.ID, "no-scans"), "the empty scan list never showed")

    # Scan: progress from the live feed, then the scan with its page thumbnails.
    clerk.execute_script(WATCH_PROGRESS_JS)
    click(clerk, "#scan-button")
    wait(clerk, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".scan .thumbs img"), "no thumbnail appeared")
    assert "扫描完成" in text_of(clerk, "#docs-outcome") and "Scanned" in text_of(clerk, "#docs-outcome")
    assert text_of(clerk, "#docs-fault") == ""
    seen = clerk.execute_script("return window.seenScanProgress")
    assert any(re.search(r"正在扫描第 \d+ 页", s) for s in seen), f"no scanProgress shown: {seen[:3]}"
    thumb = clerk.find_element(By.CSS_SELECTOR, ".scan .thumbs img")
    assert thumb.get_attribute("src").startswith("data:image/png;base64,")
    assert clerk.execute_script("return arguments[0].naturalWidth > 0 && arguments[0].complete", thumb)
    assert thumb.size["height"] >= 100

    # Its link opens the PDF in a new tab; the PDF answers the clerk's session.
    link = clerk.find_element(By.CSS_SELECTOR, ".scan a.scan-link")
    assert link.get_attribute("target") == "_blank"
    request = urllib.request.Request(link.get_attribute("href"), headers={"Cookie": browser_cookie(clerk)})
    with urllib.request.urlopen(request) as r:
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("application/pdf")
        assert r.read(5) == b"%PDF-"
    shoot(clerk, "clerk-scanned-1920x1080")

    # Issue 11: the receipt prints when the visit is finished as 受理 (it carries the case number),
    # and the notice when it is finished as 补正; the console says so, the virtual printer spools a PNG.
    before = spooled("window-1-printer")
    finish_as(clerk, "accepted")
    click(clerk, "#outcome-confirm")
    wait(clerk, 15).until(lambda d: "已打印" in (text_of(d, "#docs-outcome") or ""), "the console never said the receipt printed")
    assert "受理凭证" in text_of(clerk, "#docs-outcome") and "Receipt printed" in text_of(clerk, "#docs-outcome")
    wait(clerk, 10).until(lambda d: spooled("window-1-printer") - before, "no new PNG in the spool folder")

    # The next resident's papers are missing: the notice key opens the outcome panel at 补正.
    status, second, _ = api("POST", "tickets", {"service": "pension"})
    assert status == 201, second
    click(clerk, "#act-call-next")
    wait(clerk).until(lambda d: text_of(d, "#current-number") == second["number"], f"{second['number']} was not called")
    before = spooled("window-1-printer")
    clerk.find_element(By.TAG_NAME, "body").send_keys("i")
    wait(clerk).until(lambda d: d.find_elements(By.ID, "outcome-form"), "the 补正 form never opened")
    click(clerk, "#missing-0")
    clerk.find_element(By.ID, "notice-other").send_keys("一寸照片")
    shoot(clerk, "clerk-notice-form-1920x1080")
    click(clerk, "#outcome-confirm")
    wait(clerk, 15).until(lambda d: "一次性告知单已打印" in (text_of(d, "#docs-outcome") or ""), "the notice was not printed")
    assert not clerk.find_elements(By.ID, "outcome-form")
    wait(clerk, 10).until(lambda d: spooled("window-1-printer") - before, "no new PNG for the notice")

    click(clerk, "#act-close")
    wait(clerk).until(lambda d: attr_of(d, "#window-status", "class") == "closed", "the window did not close")


def test_clerk_sees_a_scanner_fault_in_chinese_and_english(browser):
    # Window 3 has no scanner in the demo hall.
    clerk = browser(1920, 1080)
    clerk_login(clerk, "clerk3", 3)
    open_and_call(clerk, 3, "disability-card")
    clerk.find_element(By.TAG_NAME, "body").send_keys("d")
    wait(clerk, 10).until(lambda d: attr_of(d, "#docs-fault", "data-code") == "no_scanner", "no fault shown")
    fault = text_of(clerk, "#docs-fault")
    assert "扫描失败" in fault and "未配置扫描仪" in fault
    assert "Scan failed" in fault and "no scanner" in fault
    assert clerk.find_element(By.ID, "scan-button").is_enabled()
    shoot(clerk, "clerk-scan-fault-1920x1080")
    finish_and_close(clerk)
