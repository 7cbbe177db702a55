"""The screens in a real headless Chromium against a running hall (see run.sh).

Waits are WebDriverWait conditions, never sleeps. The hall's clock starts Monday 2026-11-23 09:00
China time, so it is open.
"""
import glob
import os
import re
import time

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import DATA_DIR, api, login
from pages import attr_of, clerk_login, click, finish_as, fits, inside_panels, open_page, shoot, text_of, wait

def staff_of(username, window):
    """The staff id behind a clerk account."""
    _, session, _ = api("GET", "session", cookie=login(username, "clerk12345", window))
    return session["staff"]["id"]


def test_ticket_call_pause_presence_end_to_end(browser):
    kiosk = browser(1080, 1920)
    board = browser(1920, 1080)
    window_board = browser(1366, 768)
    presence = browser(1920, 1080)
    open_page(board, "/board", "#queue td")
    open_page(window_board, "/board/window/1", "#status")
    open_page(presence, "/board/presence", ".person")

    # Kiosk: tap the service, read the materials, tap to take the number: two taps.
    open_page(kiosk, "/kiosk", "button.service[data-service=pension]")
    click(kiosk, "button.service[data-service=pension]")
    assert "居民身份证原件及复印件" in text_of(kiosk, "#confirm-body")
    click(kiosk, "button[data-priority=normal]")
    number = wait(kiosk).until(lambda d: re.fullmatch(r"A\d{3}", text_of(d, "#ticket-number") or ""), "no ticket number shown").group(0)
    assert text_of(kiosk, "#ticket-ahead").isdigit()
    wait(board).until(lambda d: int(text_of(d, "td[data-service=pension]") or 0) >= 1, "the board's waiting count did not rise")

    # The clerk of window 1 logs in, opens the window and calls the number.
    clerk = kiosk
    clerk.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
    clerk_login(clerk, "clerk1", 1)
    click(clerk, "#act-open")
    wait(clerk).until(lambda d: attr_of(d, "#window-status", "class") == "open", "the window did not open")
    click(clerk, "#act-call-next")
    called = time.monotonic()
    wait(board, 1.0).until(lambda d: attr_of(d, "#latest-call", "data-number") == number, "the hall board did not show the call within 1 s")
    assert attr_of(board, "#latest-call", "data-window") == "1"
    remaining = max(0.05, 1.0 - (time.monotonic() - called))
    wait(window_board, remaining).until(lambda d: text_of(d, "#current-number") == number, "the window board did not show the call within 1 s")
    assert "请" in text_of(board, "#latest-call") and "1" in text_of(board, "#latest-call")

    # The board fetched the spoken call; the server generated it under the data folder, in the
    # folder of the hall's day.
    pattern = os.path.join(DATA_DIR, "voice", "*", f"{number}-1.wav")
    wait(board, 10).until(lambda d: glob.glob(pattern), f"{pattern} was not generated")
    voice = glob.glob(pattern)[0]
    with open(voice, "rb") as f:
        header = f.read(12)
    assert header[:4] == b"RIFF" and header[8:12] == b"WAVE"
    assert os.path.getsize(voice) > 20_000

    # Start, finish, then pause with a reason: the window board says 暂停服务 and why.
    click(clerk, "#act-start")
    finish_as(clerk, "settled")
    click(clerk, "#act-pause")
    wait(clerk).until(lambda d: d.find_elements(By.ID, "pause-reason"))
    clerk.find_element(By.ID, "pause-reason").send_keys("外出核查")
    click(clerk, "#pause-confirm")
    wait(window_board, 2).until(lambda d: attr_of(d, "#status", "data-status") == "paused", "the window board did not show the pause")
    assert "暂停服务" in text_of(window_board, "#status")
    assert "外出核查" in text_of(window_board, "#status")
    shoot(window_board, "window-board-paused-1366x768")

    # The clerk goes to a meeting: the presence board follows.
    staff = staff_of("clerk1", 1)
    Select(clerk.find_element(By.ID, "presence-status")).select_by_value("meeting")
    clerk.find_element(By.ID, "presence-note").send_keys("县里开会，11:00返回")
    click(clerk, "#presence-save")
    wait(presence, 2).until(lambda d: attr_of(d, f"[data-staff='{staff}'] .status", "data-status") == "meeting",
                            "the presence board did not update")
    assert "开会" in text_of(presence, f"[data-staff='{staff}']")
    assert "11:00返回" in text_of(presence, f"[data-staff='{staff}']")
    assert "开会" in text_of(clerk, "#presence-current")


def test_recall_is_spoken_with_the_recall_mark(browser):
    board = browser(1920, 1080)
    open_page(board, "/board", "#queue td")
    cookie = login("clerk2", "clerk12345", 2)
    status, ticket, _ = api("POST", "tickets", {"service": "subsistence-allowance"})
    assert status == 201
    api("POST", "windows/2/open", {}, cookie)
    assert api("POST", "windows/2/call-next", {}, cookie)[0] == 200
    assert api("POST", "windows/2/recall", {}, cookie)[0] == 200
    wait(board, 2).until(lambda d: "重呼" in (text_of(d, "#latest") or ""), "the recall was not marked")
    # The voice cache keeps one folder per hall day.
    recall = os.path.join(DATA_DIR, "voice", "*", f"{ticket['number']}-2-r.wav")
    wait(board, 10).until(lambda d: glob.glob(recall), "the recall's voice was not generated")
    # Both announcements were queued in order, the first not cut off by the second.
    urls = board.execute_script("return window.hallVoice.played.concat(window.hallVoice.queue.map(i => i.url), window.hallVoice.current ? [window.hallVoice.current.url] : [])")
    assert any(u.endswith(f"/{ticket['number']}/2") for u in urls)
    assert any(u.endswith(f"/{ticket['number']}/2?recall=true") for u in urls)


def test_kiosk_language_switch_and_landscape(browser):
    kiosk = browser(1920, 1080)
    open_page(kiosk, "/kiosk", "button.service[data-service=pension]")
    assert "城乡居民养老保险" in text_of(kiosk, "button.service[data-service=pension]")
    click(kiosk, "#lang")
    wait(kiosk).until(lambda d: "pension" in (text_of(d, "button.service[data-service=pension]") or "").lower())
    fits(kiosk)
    click(kiosk, "#lang")
    wait(kiosk).until(lambda d: "城乡居民养老保险" in (text_of(d, "button.service[data-service=pension]") or ""))


PAGES = [
    # (name, path, width, height, ready selector, must fit vertically)
    ("kiosk-portrait", "/kiosk", 1080, 1920, "button.service", True),
    ("kiosk-landscape", "/kiosk", 1920, 1080, "button.service", True),
    ("board", "/board", 1920, 1080, "#queue td", True),
    ("window-board", "/board/window/2", 1366, 768, "#status", True),
    ("presence-board", "/board/presence", 1920, 1080, ".person", True),
    ("info-board", "/board/info", 1920, 1080, ".info-item", True),
    ("clerk-login", "/clerk", 1920, 1080, "#window option", False),
    ("admin-login", "/admin", 1920, 1080, "#login:not([hidden])", False),
]


@pytest.mark.parametrize("name,path,width,height,ready,vertical", PAGES, ids=[p[0] for p in PAGES])
def test_page_screenshot_fits_its_screen(browser, name, path, width, height, ready, vertical):
    driver = browser(width, height)
    open_page(driver, path, ready)
    assert driver.execute_script("return [innerWidth, innerHeight]") == [width, height]
    fits(driver, vertical)
    if name == "board":
        # Every service's row shows its name and both its figures, in Chinese and in English; the
        # earlier calls and the pickup list show whole rows only (those that do not fit are left out).
        inside_panels(driver, "#queue th, #queue td, #pickup li, #history td")
        rows, shown = driver.execute_script(
            "const r = document.querySelectorAll('#history tbody tr'); return [r.length, [...r].filter((x) => !x.hidden).length]")
        assert shown >= min(rows, 4), f"{shown} of {rows} earlier calls shown"
        click(driver, "#lang")
        wait(driver).until(lambda d: text_of(d, "#queue th") == "Service", "the board did not switch to English")
        inside_panels(driver, "#queue th, #queue td, #pickup li, #history td")
        click(driver, "#lang")
        wait(driver).until(lambda d: text_of(d, "#queue th") == "事项", "the board did not switch back to Chinese")
    shoot(driver, f"{name}-{width}x{height}")


def test_kiosk_steps_screenshots(browser):
    kiosk = browser(1080, 1920)
    open_page(kiosk, "/kiosk", "button.service[data-service=disability-card]")
    click(kiosk, "button.service[data-service=disability-card]")
    wait(kiosk).until(lambda d: "残疾" in (text_of(d, "#confirm-title") or ""))
    fits(kiosk)
    shoot(kiosk, "kiosk-materials-1080x1920")
    click(kiosk, "button[data-priority=disabled]")
    wait(kiosk).until(lambda d: re.fullmatch(r"F\d{3}", text_of(d, "#ticket-number") or ""))
    fits(kiosk)
    shoot(kiosk, "kiosk-ticket-1080x1920")


def test_clerk_and_admin_screenshots(browser):
    clerk = browser(1920, 1080)
    clerk_login(clerk, "clerk3", 3)
    click(clerk, "#act-open")
    wait(clerk).until(lambda d: attr_of(d, "#window-status", "class") == "open")
    fits(clerk, vertical=False)
    shoot(clerk, "clerk-console-1920x1080")
    admin = browser(1920, 1080)
    open_page(admin, "/admin", "#login:not([hidden])")
    admin.find_element(By.ID, "username").send_keys("admin")
    admin.find_element(By.ID, "password").send_keys("admin12345")
    admin.find_element(By.ID, "login-button").click()
    wait(admin).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#queue table"), "the admin page did not load its figures")
    assert "合计" in text_of(admin, "#queue")
    fits(admin, vertical=False)
    shoot(admin, "admin-1920x1080")


AXE_PAGES = [("/kiosk", "button.service"), ("/board", "#queue td"), ("/board/window/1", "#status"),
             ("/board/presence", ".person"), ("/board/info", ".info-item")]


@pytest.mark.parametrize("path,ready", AXE_PAGES, ids=[p[0] for p in AXE_PAGES])
def test_accessibility_has_no_violations(browser, path, ready):
    driver = browser(1920, 1080)
    open_page(driver, path, ready)
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})" for v in results["violations"]]
    assert violations == [], "\n".join(violations)


def test_kiosk_materials_after_one_tap_accessibility(browser):
    kiosk = browser(1080, 1920)
    open_page(kiosk, "/kiosk", "button.service[data-service=homestead]")
    click(kiosk, "button.service[data-service=homestead]")
    wait(kiosk).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#confirm:not([hidden]) button[data-priority]"))
    axe = Axe(kiosk)
    axe.inject()
    violations = [f"{v['id']}: {v['help']} (e.g. {v['nodes'][0]['html'][:120]})" for v in axe.run()["violations"]]
    assert violations == [], "\n".join(violations)
