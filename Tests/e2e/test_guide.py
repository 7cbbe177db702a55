"""The guide desk (咨询引导台, issue 11) in a real headless Chromium: log in as guide1, issue a
ticket with the special channel granted after checking, log a consultation; axe finds nothing."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import api, login
from pages import click, open_page, shoot, text_of, wait
from test_evaluator import axe_violations


def test_guide_desk_issues_an_urgent_ticket_and_logs_a_consultation(browser):
    desk = browser(1366, 768)
    open_page(desk, "/guide", "#login:not([hidden])")
    assert axe_violations(desk) == []
    desk.find_element(By.ID, "username").send_keys("guide1")
    desk.find_element(By.ID, "password").send_keys("guide12345")
    click(desk, "#login-button")
    wait(desk).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#issue-service option[value=pension]"), "the desk never showed")

    Select(desk.find_element(By.ID, "issue-service")).select_by_value("pension")
    desk.find_element(By.CSS_SELECTOR, "input[name=priority][value=urgent]").click()
    click(desk, "#issue-button")
    wait(desk, 5).until(lambda d: (text_of(d, "#issued-number") or "").startswith("A"), "no ticket issued")
    number = text_of(desk, "#issued-number")

    desk.find_element(By.ID, "consult-question").send_keys("老年人优待证怎么办？")
    desk.find_element(By.ID, "consult-answer").send_keys("带身份证和一寸照片到4号窗口")
    click(desk, "#consult-button")
    wait(desk, 5).until(lambda d: "老年人优待证" in (text_of(d, "#consult-list") or ""), "the consultation was not listed")
    assert "今日咨询" in text_of(desk, "#consult-count")
    assert axe_violations(desk) == []
    shoot(desk, "guide-desk-1366x768")

    # The hall's picture shows the ticket waiting with the special channel.
    _, hall, _ = api("GET", "hall", cookie=login("admin", "admin12345"))
    waiting = [v for v in hall["waiting"] if v["number"] == number]
    assert waiting and waiting[0]["priority"] == "urgent"
    # Leave the line as it was for the other tests (an urgent ticket would be called first).
    assert api("POST", f"visits/{waiting[0]['id']}/cancel", {}, login("admin", "admin12345"))[0] == 200


def test_the_kiosk_offers_no_special_channel(browser):
    kiosk = browser(1080, 1920)
    open_page(kiosk, "/kiosk", "button.service[data-service=pension]")
    click(kiosk, "button.service[data-service=pension]")
    wait(kiosk).until(lambda d: d.find_elements(By.CSS_SELECTOR, "button[data-priority=elderly]"))
    assert kiosk.find_elements(By.CSS_SELECTOR, "button[data-priority=urgent]") == []
    assert kiosk.find_elements(By.CSS_SELECTOR, "button[data-priority=disabled]")
    assert "咨询引导台" in text_of(kiosk, "#urgent-hint")
