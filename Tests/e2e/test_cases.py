"""Cases (办件) in a real headless Chromium against a running hall (see run.sh): the clerk finishes a
visit with its outcome; the receipt's QR (read from the virtual printer's ESC/POS bytes) opens the
case page on a 360×740 phone, which follows the case live to 待取件; a refusal prints its notice.

Waits are WebDriverWait conditions, never sleeps. Every test leaves its window closed with nobody at
it, as the other tests expect to find it.
"""
import os
import re
from urllib.parse import urlparse

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from conftest import DATA_DIR, HALL_URL, api, login, spooled
from pages import attr_of, clerk_login, click, finish_as, fits, inside_panels, open_page, shoot, text_of, wait


def call(clerk, service):
    status, ticket, _ = api("POST", "tickets", {"service": service})
    assert status == 201, ticket
    if attr_of(clerk, "#window-status", "class") != "open":
        click(clerk, "#act-open")
        wait(clerk).until(lambda d: attr_of(d, "#window-status", "class") == "open", "the window did not open")
    click(clerk, "#act-call-next")
    wait(clerk).until(lambda d: text_of(d, "#current-number") == ticket["number"], f"{ticket['number']} was not called")
    return ticket


def close(clerk):
    click(clerk, "#act-close")
    wait(clerk).until(lambda d: attr_of(d, "#window-status", "class") == "closed", "the window did not close")


def axe_violations(driver):
    axe = Axe(driver)
    axe.inject()
    return [f"{v['id']}: {v['help']} (e.g. {v['nodes'][0]['html'][:120]})" for v in axe.run()["violations"]]


def test_acceptance_prints_a_receipt_whose_qr_opens_the_live_case_page(browser):
    clerk = browser(1920, 1080)
    clerk_login(clerk, "clerk2", 2)
    ticket = call(clerk, "subsistence-allowance")

    # The finish key asks for the outcome; 受理 asks for the applicant and the time limit.
    before = set(spooled("window-2-printer"))
    click(clerk, "#act-finish")
    wait(clerk).until(lambda d: d.find_elements(By.ID, "outcome-settled"), "the outcome panel never opened")
    assert all(clerk.find_elements(By.ID, f"outcome-{k}") for k in
               ["settled", "accepted", "papersMissing", "refused", "referred", "consultation", "proxy"])
    click(clerk, "#outcome-accepted")
    wait(clerk).until(lambda d: d.find_elements(By.ID, "outcome-name"), "no applicant field")
    assert attr_of(clerk, "#outcome-days", "value") == "30"  # the service's 承诺时限
    clerk.find_element(By.ID, "outcome-name").send_keys("张三丰")
    clerk.find_element(By.ID, "outcome-phone").send_keys("13800000001")
    shoot(clerk, "clerk-outcome-accepted-1920x1080")
    assert axe_violations(clerk) == []
    click(clerk, "#outcome-confirm")
    wait(clerk, 15).until(lambda d: "受理凭证已打印" in (text_of(d, "#docs-outcome") or ""), "the receipt was not printed")
    number = re.search(r"\d{8}-\d{4}", text_of(clerk, "#docs-outcome")).group(0)
    assert text_of(clerk, "#current-number") != ticket["number"]

    # The receipt's QR holds <base_url>/c/<code>: the hall's port, the case page's path.
    wait(clerk, 10).until(lambda d: set(spooled("window-2-printer")) - before, "no receipt spooled")
    paper = spooled("window-2-printer")
    receipt = [name for name in set(paper) - before if name.startswith("receipt-")][0]
    match = re.search(rb"(https?://[\x21-\x7e]+?/c/([a-z2-9]{26}))", paper[receipt])
    assert match, "the receipt has no QR to the case page"
    url = urlparse(match.group(1).decode())
    assert url.port == urlparse(HALL_URL).port

    phone = browser(360, 740)
    open_page(phone, url.path, "#status[data-status]")
    assert text_of(phone, "#status").startswith("办理中")
    facts = text_of(phone, "#facts")
    assert number in facts and "张*丰" in facts
    assert "张三丰" not in phone.page_source and "13800000001" not in phone.page_source
    fits(phone, vertical=False)
    shoot(phone, "case-page-in-progress-360x740")
    assert axe_violations(phone) == []

    # The clerk finds the case by its number and marks it ready: the phone follows live.
    clerk.find_element(By.ID, "case-number").send_keys(number)
    click(clerk, "#case-find")
    wait(clerk).until(lambda d: d.find_elements(By.ID, "case-ready"), "the case was not found")
    click(clerk, "#case-ready")
    wait(phone, 10).until(lambda d: attr_of(d, "#status", "data-status") == "ready", "the case page did not follow the case")
    assert "待取件" in text_of(phone, "#status")
    shoot(phone, "case-page-ready-360x740")

    # The hall board announces it with the masked name.
    board = browser(1920, 1080)
    open_page(board, "/board", f"#pickup li[data-case='{number}']")
    assert "张*丰" in text_of(board, f"#pickup li[data-case='{number}']")
    inside_panels(board, "#pickup li, #pickup .case-no, #queue td, #history td")
    shoot(board, "board-ready-for-pickup-1920x1080")

    click(clerk, "#case-picked-up")
    wait(phone, 10).until(lambda d: attr_of(d, "#status", "data-status") == "pickedUp", "picked up did not show")
    close(clerk)


def test_refusal_prints_the_notice_with_reason_and_basis(browser):
    clerk = browser(1920, 1080)
    clerk_login(clerk, "clerk3", 3)
    call(clerk, "disability-card")
    before = set(spooled("window-3-printer"))
    finish_as(clerk, "refused")
    wait(clerk).until(lambda d: d.find_elements(By.ID, "outcome-reason"), "no reason field")
    click(clerk, "#outcome-confirm")  # empty: the browser's own check keeps the form open
    assert clerk.find_elements(By.ID, "outcome-form")
    clerk.find_element(By.ID, "outcome-reason").send_keys("申请人已在外地参保")
    clerk.find_element(By.ID, "outcome-basis").send_keys("《社会保险法》第二十三条")
    shoot(clerk, "clerk-outcome-refused-1920x1080")
    click(clerk, "#outcome-confirm")
    wait(clerk, 15).until(lambda d: "不予受理告知书已打印" in (text_of(d, "#docs-outcome") or ""), "the refusal notice was not printed")
    wait(clerk, 10).until(lambda d: set(spooled("window-3-printer")) - before, "no refusal notice spooled")
    notice = [name for name in set(spooled("window-3-printer")) - before if name.startswith("refusal-")]
    assert notice, "the spooled paper is not the refusal notice"
    # The picture of the paper is drawn after the paper, on the spool's own thread.
    picture = os.path.join(DATA_DIR, "spool", "window-3-printer", notice[0] + ".png")
    wait(clerk, 10).until(lambda d: os.path.exists(picture), "no picture of the refusal notice")
    close(clerk)


def test_the_admin_page_flags_overdue_cases(browser):
    admin_cookie = login("admin", "admin12345")
    status, body, _ = api("GET", "cases?status=overdue", cookie=admin_cookie)
    assert status == 200
    admin = browser(1920, 1080)
    open_page(admin, "/admin", "#login")
    admin.find_element(By.ID, "username").send_keys("admin")
    admin.find_element(By.ID, "password").send_keys("admin12345")
    click(admin, "#login-button")
    wait(admin, 10).until(lambda d: d.find_elements(By.ID, "cases-overdue"), "the cases section never loaded")
    assert f"（{body['overdueCount']}）" in text_of(admin, "#cases-overdue-title")
    shoot(admin, "admin-cases-1920x1080")
