"""Every page runs under its strict Content-Security-Policy without a single violation, in a real
headless Chromium (issue 10 item 9).

A listener for `securitypolicyviolation` is installed before any page script runs (through the
DevTools protocol, which the policy does not govern); after the page has rendered, and for the
clerk console and the admin page after logging in, it must have recorded nothing.
"""
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from conftest import HALL_URL
from pages import clerk_login, open_page, wait

RECORD = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""

PAGES = [("/", "h1"), ("/kiosk", "button.service"), ("/board", "#queue td"), ("/board/window/1", "#status"),
         ("/board/presence", ".person"), ("/board/info", ".info-item"), ("/evaluator/1", "#window-label .ev-num"),
         ("/clerk", "#window option"), ("/admin", "#login:not([hidden])")]


def recording_browser(browser):
    driver = browser(1920, 1080)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD})
    return driver


def violations(driver):
    return driver.execute_script("return window.__cspViolations || ['the recorder did not run']")


@pytest.mark.parametrize("path,ready", PAGES, ids=[p[0] for p in PAGES])
def test_page_runs_under_its_policy(browser, path, ready):
    with urllib.request.urlopen(HALL_URL + path) as r:
        policy = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, policy
    driver = recording_browser(browser)
    open_page(driver, path, ready)
    assert violations(driver) == []


def test_clerk_console_and_admin_run_under_the_policy(browser):
    clerk = recording_browser(browser)
    clerk_login(clerk, "clerk3", 3)
    assert violations(clerk) == []
    admin = recording_browser(browser)
    open_page(admin, "/admin", "#login:not([hidden])")
    admin.find_element(By.ID, "username").send_keys("admin")
    admin.find_element(By.ID, "password").send_keys("admin12345")
    admin.find_element(By.ID, "login-button").click()
    wait(admin, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#queue table"), "the admin page did not load its figures")
    assert violations(admin) == []
