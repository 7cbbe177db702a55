"""The kiosk tells the resident what became of their own ticket's paper, from its own answer to
POST /api/v1/tickets (the `print` field), in a real headless Chromium against a running hall (see
run.sh). The demo hall's kiosk printer is virtual: it spools each ticket's paper under the data folder,
and it cannot print while its spool folder is not a folder (it reports `offline` and holds the
ticket, printing it once a status poll finds it ready again).

Waits are WebDriverWait conditions, never sleeps. Every test leaves the kiosk printer working and
cancels the tickets it took, as the other tests expect to find no one waiting.
"""
import os
import re

import pytest
from selenium.webdriver.common.by import By

from conftest import DATA_DIR, api, login, spooled
from pages import attr_of, click, open_page, shoot, text_of, wait

SPOOL = os.path.join(DATA_DIR, "spool", "kiosk-printer")


@pytest.fixture
def taken():
    """The numbers a test took at the kiosk; those still waiting are cancelled after it."""
    numbers = []
    yield numbers
    admin = login("admin", "admin12345")
    _, hall, _ = api("GET", "hall")
    for visit in hall["waiting"]:
        if visit["number"] in numbers:
            status, body, _ = api("POST", f"visits/{visit['id']}/cancel", {}, admin)
            assert status == 200, body


def kiosk_printer_status():
    status, hall, _ = api("GET", "hall")
    assert status == 200
    return next((d["status"] for d in hall["devices"] if d["id"] == "kiosk-printer"), None)


def take_ticket(kiosk, taken, service="pension"):
    """Takes a number with two taps; returns the number the kiosk shows."""
    open_page(kiosk, "/kiosk", f"button.service[data-service={service}]")
    click(kiosk, f"button.service[data-service={service}]")
    click(kiosk, "button[data-priority=normal]")
    shown = wait(kiosk, 10).until(lambda d: re.fullmatch(r"[A-Z]\d{3}", text_of(d, "#ticket-number") or ""), "no ticket number shown")
    number = shown.group(0)
    taken.append(number)
    return number


def admin_page(browser):
    admin = browser(1920, 1080)
    open_page(admin, "/admin", "#login:not([hidden])")
    admin.find_element(By.ID, "username").send_keys("admin")
    admin.find_element(By.ID, "password").send_keys("admin12345")
    admin.find_element(By.ID, "login-button").click()
    wait(admin, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#devices td[data-status]"), "the admin page showed no devices")
    return admin


def device_cell(admin, device):
    """The status cell of a device in the admin page's device table, as (data-status, text)."""
    return admin.execute_script(
        "const row = [...document.querySelectorAll('#devices tr')].find((r) => r.cells[0]?.textContent === arguments[0]);"
        " const cell = row?.querySelector('td[data-status]'); return cell ? [cell.dataset.status, cell.textContent] : null;", device)


def ticket_pngs():
    # The paper is what the printer took onto its roll; its .png picture is drawn afterwards, off the kiosk's path.
    return {name for name in spooled("kiosk-printer") if name.startswith("ticket-")} if os.path.isdir(SPOOL) else set()


def test_kiosk_says_to_take_the_printed_ticket(browser, taken):
    kiosk = browser(1080, 1920)
    before = ticket_pngs()
    number = take_ticket(kiosk, taken)
    wait(kiosk, 10).until(lambda d: attr_of(d, "#ticket-print", "data-print") == "printed", "the kiosk did not say the ticket printed")
    wait(kiosk, 10).until(lambda d: "请取走号票" in (text_of(d, "#ticket-print") or ""), "请取走号票 was not shown")
    assert not kiosk.find_elements(By.CSS_SELECTOR, "#ticket .notice"), "a printed ticket showed a printer fault"
    assert len(ticket_pngs() - before) == 1, f"{number}: no new ticket in the kiosk printer's spool"


def test_kiosk_shows_the_number_when_its_ticket_cannot_print(browser, taken):
    admin = admin_page(browser)
    kiosk = browser(1080, 1920)
    open_page(kiosk, "/kiosk", "button.service[data-service=pension]")
    before = ticket_pngs()
    aside = SPOOL + ".aside"
    os.rename(SPOOL, aside)
    try:
        # The spool folder is a file now: the virtual printer cannot write the ticket.
        with open(SPOOL, "w") as f:
            f.write("not a folder\n")
        number = take_ticket(kiosk, taken)
        wait(kiosk, 10).until(lambda d: attr_of(d, "#ticket-print", "data-print") == "failed", "the kiosk did not say the ticket failed to print")
        # The live feed redraws the screen as the printer's status changes: read what it settles on.
        wait(kiosk, 10).until(lambda d: "打印机离线" in (text_of(d, "#ticket-print") or ""), "the printer's state was not shown")
        assert "打印机故障，号票未能打印，请记住您的号码。" in text_of(kiosk, "#ticket-print")
        assert attr_of(kiosk, "#ticket-print", "data-status") == "offline"
        wait(kiosk, 10).until(lambda d: text_of(d, "#ticket-number") == number, "the number left the screen")
        shoot(kiosk, "kiosk-ticket-not-printed-1080x1920")
        # The administrator sees the same state, in the same words.
        wait(admin, 10).until(lambda d: device_cell(d, "kiosk-printer") == ["offline", "离线"], "the admin page did not show the printer offline")
    finally:
        os.remove(SPOOL)
        os.rename(aside, SPOOL)
    # The held ticket prints once the printer is back, and the kiosk printer reports ready again.
    wait(kiosk, 20).until(lambda d: kiosk_printer_status() == "ok", "the kiosk printer did not recover")
    wait(kiosk, 20).until(lambda d: ticket_pngs() - before, f"the held ticket {number} was never printed")
    wait(admin, 10).until(lambda d: device_cell(d, "kiosk-printer") == ["ok", "正常"], "the admin page did not show the printer ready")


# Stands in for a printer slower than the server's deadline: the kiosk's answer comes with
# print.status `pending` (the server answers before the paper is out; the ticket still prints).
PENDING_JS = """
const realFetch = window.fetch;
window.fetch = async (url, options) => {
  const response = await realFetch(url, options);
  if (!String(url).endsWith('/api/v1/tickets') || options?.method !== 'POST' || !response.ok) return response;
  const body = await response.json();
  body.print = { printer: 'kiosk-printer', printed: false, status: 'pending', message: null };
  return new Response(JSON.stringify(body), { status: response.status, headers: { 'Content-Type': 'application/json' } });
};
// The paper is still on its way for the whole test: the printer's late report ({kind: 'ticketPrint'}
// on the live feed) does not come. (The real answer may itself have missed the server's 5 ms deadline,
// and its report would otherwise replace "printing…" before the test looks.)
const realOnMessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
Object.defineProperty(WebSocket.prototype, 'onmessage', {
  get() { return realOnMessage.get.call(this); },
  set(handler) {
    realOnMessage.set.call(this, (event) => {
      if (JSON.parse(event.data).kind === 'ticketPrint') return;
      handler(event);
    });
  },
});
"""


def test_kiosk_shows_the_number_while_its_ticket_is_printing(browser, taken):
    kiosk = browser(1080, 1920)
    kiosk.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PENDING_JS})
    number = take_ticket(kiosk, taken)
    wait(kiosk, 10).until(lambda d: attr_of(d, "#ticket-print", "data-print") == "pending", "the kiosk did not say the ticket is printing")
    wait(kiosk, 10).until(lambda d: "正在打印…" in (text_of(d, "#ticket-print") or ""), "正在打印… was not shown")
    assert not kiosk.find_elements(By.CSS_SELECTOR, "#ticket .notice"), "a printing ticket showed a printer fault"
    wait(kiosk, 10).until(lambda d: text_of(d, "#ticket-number") == number, "the number left the screen")
