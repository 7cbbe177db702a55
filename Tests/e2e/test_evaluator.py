"""The evaluator tablet (评价器, /evaluator/{window}) in a real headless Chromium against a running hall.

A clerk serves a visit through the API; the tablet at 1280x800 asks 请评价; a bad rating goes
through its second step (the reason) and reaches the administrator's list of bad ratings. Waits are
WebDriverWait conditions, never sleeps. Window 5 (clerk5) and window 6 are used here, which the
other screen tests leave alone.
"""
import json
import urllib.request

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from conftest import HALL_URL, api, login
from pages import attr_of, click, shoot, text_of, wait

WIDTH, HEIGHT = 1280, 800
PX_PER_MM = 96 / 25.4












def axe_violations(driver):
    axe = Axe(driver)
    axe.inject()
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})" for v in axe.run()["violations"]]


# Every visible text at least 24 px; every button at least 15 mm on both sides; nothing off screen.
LAYOUT_JS = """
const small = [], tiny = [], outside = [];
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest('[hidden], .offline-notice, .sr-only, [aria-hidden=true]')) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (own && parseFloat(getComputedStyle(el).fontSize) < 24) small.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 20)}"`);
  if (el.tagName === 'BUTTON' && (r.width < arguments[0] || r.height < arguments[0])) tiny.push(`${el.id || el.className} ${Math.round(r.width)}x${Math.round(r.height)}`);
  if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1 || r.top < -1) outside.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 20)}"`);
}
return [small, tiny, outside];
"""


def check_layout(driver):
    small, tiny, outside = driver.execute_script(LAYOUT_JS, 15 * PX_PER_MM)
    assert small == [], "text under 24 px: " + "; ".join(small[:5])
    assert tiny == [], "buttons under 15 mm: " + "; ".join(tiny[:5])
    assert outside == [], "off the 1280x800 screen: " + "; ".join(outside[:5])


def served_visit(window, username, service):
    """Issues a ticket for the service, and the clerk at the window calls, serves and finishes it. Returns its id."""
    cookie = login(username, "clerk12345", window)
    status, ticket, _ = api("POST", "tickets", {"service": service})
    assert status == 201, ticket
    api("POST", f"windows/{window}/open", {}, cookie)
    for _ in range(30):  # Earlier visits for the window's services are served first.
        status, result, _ = api("POST", f"windows/{window}/call-next", {}, cookie)
        assert status == 200, result
        current = result["window"]["current"]["id"]
        assert api("POST", f"windows/{window}/start", {}, cookie)[0] == 200
        assert api("POST", f"windows/{window}/finish", {}, cookie)[0] == 200
        if current == ticket["visitID"]:
            return ticket["visitID"]
    raise AssertionError("the ticket was never called")


def test_bad_rating_with_its_reason_is_recorded(browser):
    tablet = browser(WIDTH, HEIGHT)
    tablet.get(HALL_URL + "/evaluator/5?token=demo-evaluator-5-DZ3gj7arHzIyCD0A")
    wait(tablet, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#idle #welcome"), "the idle screen never showed")
    assert "欢迎评价" in text_of(tablet, "#welcome")
    assert text_of(tablet, "#clerk-name") == "陈杰"
    # The token was taken from the address once and kept.
    assert "token" not in tablet.current_url
    assert tablet.execute_script("return localStorage.getItem('servicehall.evaluator.token.5')") == "demo-evaluator-5-DZ3gj7arHzIyCD0A"
    check_layout(tablet)
    shoot(tablet, "evaluator-idle-1280x800")
    # The language switch: English first, Chinese second, and back.
    click(tablet, "#lang")
    wait(tablet).until(lambda d: (text_of(d, "#welcome") or "").startswith("Your opinion counts"), "no English")
    check_layout(tablet)
    click(tablet, "#lang")
    wait(tablet).until(lambda d: (text_of(d, "#welcome") or "").startswith("欢迎评价"), "not back to Chinese")

    visit = served_visit(5, "clerk5", "land-contract")
    wait(tablet, 3).until(lambda d: attr_of(d, "#rate", "data-visit") == visit, "the tablet did not ask 请评价 for the finished visit")
    assert "请评价" in text_of(tablet, "#ask")
    labels = [b.text.split("\n")[0] for b in tablet.find_elements(By.CSS_SELECTOR, "button[data-level]")]
    assert labels == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert tablet.find_elements(By.CSS_SELECTOR, "#clerk-mini:not([hidden]) img")
    check_layout(tablet)
    assert axe_violations(tablet) == []
    shoot(tablet, "evaluator-rate-1280x800")

    # 不满意 needs a reason: the second step lists them; Back returns to the levels.
    click(tablet, "button[data-level=unsatisfied]")
    wait(tablet).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#reasons button[data-reason]"), "no reasons were offered")
    reasons = [b.get_attribute("data-reason") for b in tablet.find_elements(By.CSS_SELECTOR, "button[data-reason]")]
    assert "等候时间过长" in reasons and "其他" in reasons
    check_layout(tablet)
    assert axe_violations(tablet) == []
    shoot(tablet, "evaluator-reasons-1280x800")
    click(tablet, "#back")
    wait(tablet).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#rate button[data-level]"))
    click(tablet, "button[data-level=unsatisfied]")
    click(tablet, "button[data-reason='等候时间过长']")

    wait(tablet, 3).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#thanks"), "no thank-you screen")
    assert "谢谢您的评价" in text_of(tablet, "#thanks")
    shoot(tablet, "evaluator-thanks-1280x800")
    wait(tablet, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#idle"), "the tablet did not go back to idle")

    admin = login("admin", "admin12345")
    status, bad, _ = api("GET", "ratings/bad", cookie=admin)
    assert status == 200
    mine = [r for r in bad if r["visitID"] == visit]
    assert len(mine) == 1, bad
    assert mine[0]["level"] == 2 and mine[0]["reason"] == "等候时间过长" and mine[0]["window"] == 5
    assert mine[0]["staffID"] == "chen-jie"


# Wraps the page's WebSocket so the test can hold the live feed back: the page then still believes a
# visit awaits its rating when it has been rated meanwhile, as a slow network would have it.
HOLD_FEED_JS = """
(() => {
  const Native = window.WebSocket;
  const feed = window.__feed = { hold: false, queue: [] };
  feed.release = () => { feed.hold = false; for (const f of feed.queue.splice(0)) f(); };
  window.WebSocket = class extends Native {
    set onmessage(f) { super.onmessage = (m) => { if (feed.hold) feed.queue.push(() => f(m)); else f(m); }; }
    get onmessage() { return super.onmessage; }
  };
})();
"""


def rate_as_device(visit, token, level):
    request = urllib.request.Request(f"{HALL_URL}/api/v1/visits/{visit}/rating", method="POST",
                                     data=json.dumps({"level": level}).encode(),
                                     headers={"Content-Type": "application/json", "X-Device-Token": token})
    with urllib.request.urlopen(request) as r:
        return r.status


def test_refused_ratings_are_shown_plainly(browser):
    tablet = browser(WIDTH, HEIGHT)
    tablet.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOLD_FEED_JS})
    # An unknown token: the server refuses it (403 rating_refused, the same answer as for a visit
    # that is not this evaluator's, so a guesser learns nothing) and the page says so.
    tablet.get(HALL_URL + "/evaluator/6?token=not-a-device")
    wait(tablet, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#idle"), "the idle screen never showed")
    visit = served_visit(6, "clerk6", "proxy-service")
    wait(tablet, 3).until(lambda d: attr_of(d, "#rate", "data-visit") == visit, "the tablet did not ask 请评价")
    click(tablet, "button[data-level=satisfied]")
    wait(tablet, 3).until(lambda d: attr_of(d, "#failed", "data-status") == "403", "the 403 was not shown")
    assert attr_of(tablet, "#failed", "data-code") == "rating_refused"
    assert "设备令牌" in text_of(tablet, "#failed")
    check_layout(tablet)
    assert axe_violations(tablet) == []
    shoot(tablet, "evaluator-error-1280x800")
    click(tablet, "#error-ok")
    wait(tablet, 3).until(lambda d: attr_of(d, "#rate", "data-visit") == visit, "OK did not go back to the levels")

    # Window 5's token on window 6's tablet: another window's evaluator may not rate this visit.
    tablet.get(HALL_URL + "/evaluator/6?token=demo-evaluator-5-DZ3gj7arHzIyCD0A")
    wait(tablet, 10).until(lambda d: attr_of(d, "#rate", "data-visit") == visit, "the visit no longer awaited its rating")
    click(tablet, "button[data-level=verySatisfied]")
    wait(tablet, 3).until(lambda d: attr_of(d, "#failed", "data-code") == "rating_refused", "the refusal was not shown")

    # The right token (it replaces the kept one). Rated meanwhile while the tablet has not heard yet:
    # its tap is refused, and the page says the visit may be rated already.
    tablet.get(HALL_URL + "/evaluator/6?token=demo-evaluator-6-Ny40QEgh3W9p46Q2")
    wait(tablet, 10).until(lambda d: attr_of(d, "#rate", "data-visit") == visit, "the visit no longer awaited its rating")
    assert tablet.execute_script("return localStorage.getItem('servicehall.evaluator.token.6')") == "demo-evaluator-6-Ny40QEgh3W9p46Q2"
    tablet.execute_script("window.__feed.hold = true")
    assert rate_as_device(visit, "demo-evaluator-6-Ny40QEgh3W9p46Q2", "非常满意") == 201
    click(tablet, "button[data-level=basicallySatisfied]")
    wait(tablet, 3).until(lambda d: attr_of(d, "#failed", "data-status") in ("403", "409"), "the refusal was not shown")
    assert "已评价" in text_of(tablet, "#failed")
    tablet.execute_script("window.__feed.release()")
    click(tablet, "#error-ok")
    wait(tablet, 3).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#idle"), "OK did not go back to idle")
