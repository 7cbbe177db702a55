"""Helpers every browser test shares: waits that tolerate re-rendering pages, clicks, the clerk's
login, the on-screen fit check and screenshots."""
import os

from selenium.common.exceptions import ElementClickInterceptedException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import HALL_URL, SCREENSHOTS, api

RETRY = (StaleElementReferenceException, ElementClickInterceptedException)


def wait(driver, timeout=5, poll=0.05):
    return WebDriverWait(driver, timeout, poll_frequency=poll, ignored_exceptions=RETRY)


def _read(driver, css, read):
    """Reads the first element matching css, or None when there is none. A live frame may replace the
    element between finding and reading it (a stale element): then it is found again and re-read, so
    a reading is never lost to a re-render (a test that kept such a None took it for the page's text)."""
    for _ in range(20):
        found = driver.find_elements(By.CSS_SELECTOR, css)
        if not found:
            return None
        try:
            return read(found[0])
        except StaleElementReferenceException:
            continue
    raise AssertionError(f"{css} was re-rendered on every one of 20 readings in a row")


def text_of(driver, css):
    """The text of the first element matching css, or None (re-read each poll: pages re-render)."""
    return _read(driver, css, lambda e: e.text)


def attr_of(driver, css, name):
    return _read(driver, css, lambda e: e.get_attribute(name))


def click(driver, css, timeout=5):
    """Clicks the element once it exists and is enabled, retrying if the page re-rendered it."""
    def attempt(d):
        found = d.find_elements(By.CSS_SELECTOR, css)
        if not found or not found[0].is_enabled():
            return False
        found[0].click()
        return True
    wait(driver, timeout).until(attempt, f"{css} never became clickable")


def open_page(driver, path, ready_css):
    driver.get(HALL_URL + path)
    wait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ready_css), f"{path}: {ready_css} never appeared")


def clerk_login(driver, username, window):
    open_page(driver, "/clerk", "#window option")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys("clerk12345")
    Select(driver.find_element(By.ID, "window")).select_by_value(str(window))
    driver.find_element(By.ID, "login-button").click()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#window-status"), "the console never showed")


OVERFLOW_JS = """
const vertical = arguments[0], out = [];
const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
  const s = getComputedStyle(p); if (/auto|scroll/.test(s.overflowX + ' ' + s.overflowY)) return true; } return false; };
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest('[aria-hidden=true], .offline-notice, [hidden]')) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const outside = r.right > innerWidth + 1 || r.left < -1 || (vertical && r.bottom > innerHeight + 1);
  if (outside && !scrolls(el)) out.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${Math.round(r.right)}x${Math.round(r.bottom)}`);
}
return out;
"""


def fits(driver, vertical=True):
    """Nothing sticks out of the screen (or, for scrolling pages, out of its width), except inside scroll areas."""
    outside = driver.execute_script(OVERFLOW_JS, vertical)
    assert outside == [], f"{driver.current_url}: outside the {driver.execute_script('return innerWidth')}px screen: " + "; ".join(outside[:5])


INSIDE_JS = """
const out = [];
for (const el of document.querySelectorAll(arguments[0])) {
  const panel = el.closest('.panel');
  if (!panel || el.closest('[hidden]')) continue;
  const p = panel.getBoundingClientRect(), r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  if (r.right > p.right + 1 || r.left < p.left - 1 || r.bottom > p.bottom + 1)
    out.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${Math.round(r.right)}x${Math.round(r.bottom)} in ${Math.round(p.right)}x${Math.round(p.bottom)}`);
}
return out;
"""


def inside_panels(driver, selector):
    """Nothing matching `selector` is cut off at the edge of its panel (a board's panels clip what sticks out)."""
    outside = driver.execute_script(INSIDE_JS, selector)
    assert outside == [], f"{driver.current_url}: cut off by its panel: " + "; ".join(outside[:5])


def shoot(driver, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))


# accountability: the administrator's login on the admin page.
def admin_login(driver):
    open_page(driver, "/admin", "#login:not([hidden])")
    driver.find_element(By.ID, "username").send_keys("admin")
    driver.find_element(By.ID, "password").send_keys("admin12345")
    driver.find_element(By.ID, "login-button").click()
    wait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#admin:not([hidden])"), "the admin page did not open")
# cases (办件)
def finish_as(driver, outcome="settled"):
    """Finishes the visit at the window from the console: the finish key opens the outcome panel,
    then the outcome's button (办结 finishes at once; the others show their fields first)."""
    click(driver, "#act-finish")
    click(driver, f"#outcome-{outcome}")
# reports (统计与考核)
def serve_ticket(window, cookie, service):
    """Issues a ticket for the service; the clerk (logged in at the open window) calls, serves and
    finishes visits until it is done. Returns the ticket (its visitID and ratingCode)."""
    status, ticket, _ = api("POST", "tickets", {"service": service})
    assert status == 201, ticket
    for _ in range(30):  # Earlier visits for the window's services are served first.
        status, result, _ = api("POST", f"windows/{window}/call-next", {}, cookie)
        assert status == 200, result
        current = result["window"]["current"]["id"]
        assert api("POST", f"windows/{window}/start", {}, cookie)[0] == 200
        assert api("POST", f"windows/{window}/finish", {}, cookie)[0] == 200
        if current == ticket["visitID"]:
            return ticket
    raise AssertionError("the ticket was never called")
