"""Alerts ride on the live feed (issue 12, account-3): the clerk console and the admin page learn of
an alert the moment it is raised or cleared from the WebSocket they already hold, not by asking
GET /api/v1/alerts every few seconds; they ask it once per (re)connection, for the list as it is.

A window closes while a resident waits for its service: the alert appears on that window's console
and on the admin page, not on the console of a window that does not serve it. The requests are
counted with the browser's own resource timing (performance.getEntriesByType('resource')), so a
poll of /alerts would show as a second request. Window 7 (clerk7, consultation) as in
test_accountability.py; window 1 (clerk1, pension and medical insurance) does not serve consultation.
"""
from selenium.webdriver.common.by import By

from conftest import api, login
from pages import admin_login, attr_of, clerk_login, click, shoot, wait

ALERT = "#alerts li[data-alert='window:7']"

# Records the alert events the page's feed hands over, and counts the page's /alerts requests.
RECORD_JS = """
window.alertEvents = [];
window.hallLive.addEventListener('change', (ev) => {
  const e = ev.detail.event;
  if (e && (e.type === 'alertRaised' || e.type === 'alertCleared')) window.alertEvents.push(`${e.type}:${e.id}`);
});
"""
ALERT_REQUESTS_JS = """
return performance.getEntriesByType('resource').filter((r) => new URL(r.name).pathname === '/api/v1/alerts').length;
"""


def alert_requests(driver):
    return driver.execute_script(ALERT_REQUESTS_JS)


def page_seconds(driver):
    return driver.execute_script("return performance.now() / 1000")


def events(driver):
    return driver.execute_script("return window.alertEvents")


def test_an_alert_reaches_the_consoles_concerned_on_the_feed_without_polling(browser):
    clerk = browser(1920, 1080)
    clerk_login(clerk, "clerk7", 7)
    if attr_of(clerk, "#window-status", "class") != "open":
        click(clerk, "#act-open")
        wait(clerk).until(lambda d: attr_of(d, "#window-status", "class") == "open")
    other = browser(1920, 1080)
    clerk_login(other, "clerk1", 1)
    admin = browser(1920, 1080)
    admin_login(admin)
    for screen in (clerk, other, admin):
        wait(screen, 10).until(lambda d: d.execute_script("return window.hallLive?.hall != null"), "the feed never started")
        wait(screen, 10).until(lambda d: alert_requests(d) == 1, "the alert list was not asked once at start")
        screen.execute_script(RECORD_JS)
    assert not clerk.find_elements(By.CSS_SELECTOR, ALERT)

    status, ticket, _ = api("POST", "tickets", {"service": "consultation"})
    assert status == 201
    click(clerk, "#act-close")
    wait(clerk, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ALERT), "no alert on the console")
    assert "7号窗口未开放" in clerk.find_element(By.CSS_SELECTOR, ALERT).text
    assert attr_of(clerk, "#alerts", "hidden") is None
    wait(admin, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ALERT), "no alert on the admin page")
    assert "alertRaised:window:7" in events(clerk)
    assert "alertRaised:window:7" in events(admin)
    shoot(clerk, "clerk-alert-feed-1920x1080")

    # Two of the old 3-second poll intervals on the page's own clock: still the one request of the start.
    since = page_seconds(clerk)
    wait(clerk, 15, poll=0.5).until(lambda d: page_seconds(d) - since > 7)
    for screen in (clerk, other, admin):
        assert alert_requests(screen) == 1, screen.current_url
    # Window 1 does not serve consultation: its console was never told.
    assert "alertRaised:window:7" not in events(other)
    assert not other.find_elements(By.CSS_SELECTOR, ALERT)

    # The feed drops; while it is away the resident's ticket is cancelled and the alert clears. After
    # the reconnect the console asks for the list once more, and the alert is gone.
    clerk.execute_script("window.hallLive.ws.close()")
    admin_cookie = login("admin", "admin12345")
    assert api("POST", f"visits/{ticket['visitID']}/cancel", cookie=admin_cookie)[0] == 200
    wait(clerk, 15).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ALERT), "the alert did not clear after the reconnect")
    wait(clerk, 10).until(lambda d: alert_requests(d) == 2, "the list was not asked again after the reconnect")
    wait(admin, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ALERT), "the alert did not clear on the admin page")
    assert "alertCleared:window:7" in events(admin)
    assert alert_requests(admin) == 1
