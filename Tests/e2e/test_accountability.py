"""Accountability in a real headless Chromium (issue 12): a bad rating's follow-up handled on the
admin page; a complaint made at the kiosk, written and followed on the resident's phone, replied by
the administrator; an alert on the clerk console when a window closes while residents wait.

Window 7 (clerk7, 咨询引导台, service `consultation`) is used here, which the other screen tests
leave alone. Waits are WebDriverWait conditions, never sleeps; screenshots and axe on each screen.
"""
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import api, login
from pages import admin_login, attr_of, clerk_login, click, fits, open_page, shoot, text_of, wait


def axe_violations(driver, *sections):
    """axe's violations on the page, or only in the given sections (CSS selectors)."""
    axe = Axe(driver)
    axe.inject()
    context = {"include": [[css] for css in sections]} if sections else None
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})" for v in axe.run(context)["violations"]]


def bad_rating_at_window_7():
    """A consultation served at window 7 and rated 不满意 with the ticket's code; the clerk logs out."""
    clerk = login("clerk7", "clerk12345", window=7)
    api("POST", "windows/7/open", cookie=clerk)
    status, ticket, _ = api("POST", "tickets", {"service": "consultation"})
    assert status == 201
    assert api("POST", "windows/7/call-next", cookie=clerk)[0] == 200
    assert api("POST", "windows/7/finish", cookie=clerk)[0] == 200
    status, rated, _ = api("POST", f"visits/{ticket['visitID']}/rating", {"level": "不满意", "reason": "解答不清楚", "code": ticket["ratingCode"]})
    assert status == 201, rated
    assert [e["type"] for e in rated["events"]] == ["ratingRecorded", "followUpOpened"]
    api("DELETE", "session", cookie=clerk)
    return ticket["visitID"]


def test_bad_rating_follow_up_assigned_called_back_closed(browser):
    visit = bad_rating_at_window_7()
    admin = browser(1920, 1080)
    admin_login(admin)
    row = f"#followups tr[data-followup='{visit}']"
    wait(admin, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, row), "the follow-up is not listed")
    assert "解答不清楚" in text_of(admin, row)
    assert attr_of(admin, f"{row} td[data-status]", "data-status") == "open"
    click(admin, f"button[data-fu-open='{visit}']")
    wait(admin).until(lambda d: d.find_elements(By.ID, "fu-staff"))
    Select(admin.find_element(By.ID, "fu-staff")).select_by_value("zhao-min")
    click(admin, "#fu-assign")
    wait(admin).until(lambda d: attr_of(d, f"{row} td[data-status]", "data-status") == "assigned", "not assigned")
    assert "赵敏" in text_of(admin, row)
    admin.find_element(By.ID, "fu-note").send_keys("已电话回访，群众表示理解")
    click(admin, "#fu-call-back")
    wait(admin).until(lambda d: attr_of(d, f"{row} td[data-status]", "data-status") == "calledBack", "no call-back recorded")
    assert "已电话回访" in text_of(admin, ".acc-history")
    admin.find_element(By.ID, "fu-cause").send_keys("咨询台资料不全")
    admin.find_element(By.ID, "fu-action").send_keys("补齐办事指南，组织业务培训")
    shoot(admin, "admin-follow-up-1920x1080")
    # The admin page's own sections (its hall-file editor is not part of this issue).
    assert axe_violations(admin, "#followups", "#complaints", "#alerts") == []
    click(admin, "#fu-close")
    # Closed: it leaves the open list and shows under 已办结 with its whole history.
    wait(admin).until(lambda d: not d.find_elements(By.CSS_SELECTOR, row), "the closed follow-up stayed in the open list")
    click(admin, "button[data-fu-filter=closed]")
    wait(admin).until(lambda d: attr_of(d, f"{row} td[data-status]", "data-status") == "closed")
    # Still the record being handled: its history shows, now without the forms.
    wait(admin).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".acc-history"), "the closed follow-up's history is not shown")
    assert not admin.find_elements(By.ID, "fu-close")
    history = text_of(admin, ".acc-history")
    for step in ["差评", "指派", "回访", "办结", "admin", "补齐办事指南"]:
        assert step in history, history
    fits(admin, vertical=False)


def test_kiosk_complaint_replied_and_seen_with_its_code(browser):
    kiosk = browser(1080, 1920)
    open_page(kiosk, "/kiosk", "button.service")
    click(kiosk, "#complaint-open")
    wait(kiosk).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#complaint:not([hidden]) button[data-category]"))
    assert "监督电话" in text_of(kiosk, "#complaint")
    click(kiosk, "button[data-category=efficiency]")
    for key in "13912345678":
        click(kiosk, f"button[data-key='{key}']")
    assert text_of(kiosk, "#complaint-phone") == "13912345678"
    fits(kiosk)
    assert axe_violations(kiosk) == []
    shoot(kiosk, "kiosk-complaint-1080x1920")
    click(kiosk, "button[data-complaint-submit]")
    wait(kiosk).until(lambda d: len(text_of(d, "#complaint-code") or "") == 8, "no complaint code shown")
    code = text_of(kiosk, "#complaint-code")
    wait(kiosk).until(lambda d: d.execute_script("const i = document.querySelector('.acc-qr'); return i.complete && i.naturalWidth > 0"),
                      "the QR code did not load")
    fits(kiosk)
    shoot(kiosk, "kiosk-complaint-code-1080x1920")

    # On the resident's phone (the QR's page): write what happened.
    phone = browser(360, 740)
    open_page(phone, f"/feedback/{code}", "#text-only")
    phone.find_element(By.ID, "text-only").send_keys("排队叫号太慢，窗口长时间无人")
    click(phone, "#text-submit")
    wait(phone).until(lambda d: "排队叫号太慢" in (text_of(d, "#status") or ""), "the text was not saved")
    assert attr_of(phone, "#status-text", "data-status") == "received"

    # The administrator replies; the resident sees the reply with the code, and no phone number anywhere.
    admin = login("admin", "admin12345")
    status, listed, _ = api("GET", "complaints?status=open", cookie=admin)
    assert status == 200
    assert [c["phone"] for c in listed if c["code"] == code] == ["13912345678"]
    assert api("POST", f"complaints/{code}/reply", {"text": "已增派人员，叫号已恢复正常"}, cookie=admin)[0] == 200
    open_page(phone, "/feedback", "#lookup-code")
    phone.find_element(By.ID, "lookup-code").send_keys(code.lower())
    click(phone, "#lookup-submit")
    wait(phone).until(lambda d: attr_of(d, "#status-text", "data-status") == "replied", "the reply is not shown")
    assert "已增派人员" in text_of(phone, "#status-reply")
    assert "0838-6201234" in text_of(phone, "#supervision")
    assert "13912345678" not in phone.find_element(By.TAG_NAME, "body").text
    fits(phone, vertical=False)
    assert axe_violations(phone) == []
    shoot(phone, "feedback-phone-360x740")


def test_alert_on_the_clerk_console_when_the_window_closes_while_people_wait(browser):
    clerk = browser(1920, 1080)
    clerk_login(clerk, "clerk7", 7)
    if attr_of(clerk, "#window-status", "class") != "open":
        click(clerk, "#act-open")
        wait(clerk).until(lambda d: attr_of(d, "#window-status", "class") == "open")
    status, ticket, _ = api("POST", "tickets", {"service": "consultation"})
    assert status == 201
    assert not clerk.find_elements(By.CSS_SELECTOR, "#alerts li[data-alert='window:7']")
    click(clerk, "#act-close")
    wait(clerk, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#alerts li[data-alert='window:7']"), "no alert on the console")
    assert "7号窗口未开放" in text_of(clerk, "#alerts li[data-alert='window:7']")
    assert attr_of(clerk, "#alerts", "hidden") is None
    fits(clerk, vertical=False)
    assert axe_violations(clerk) == []
    shoot(clerk, "clerk-alert-1920x1080")
    # The resident's ticket is cancelled: nobody waits, and the alert clears by itself.
    admin = login("admin", "admin12345")
    assert api("POST", f"visits/{ticket['visitID']}/cancel", cookie=admin)[0] == 200
    wait(clerk, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#alerts li[data-alert='window:7']"), "the alert did not clear")
