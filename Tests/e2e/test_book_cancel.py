"""取消预约 on the phone (issue 12, account-3): a resident books on /book, then cancels with the
appointment code on the same page; the place in the slot is free again (the slots answer shows it,
and the page's own slot list after a reload). A wrong code answers the server's message. 360×740,
axe on the page. Waits are WebDriverWait conditions.
"""
import random

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import api
from pages import attr_of, click, fits, open_page, shoot, text_of, wait


def remaining(day, start):
    status, services, _ = api("GET", "appointments/slots")
    assert status == 200
    pension = next(s for s in services if s["id"] == "pension")
    return next(s["remaining"] for s in pension["slots"] if s["day"] == day and s["start"] == start)


def test_booking_then_cancelling_with_the_code_frees_the_place(browser):
    phone = browser(360, 740)
    open_page(phone, "/book", "#bk-service option")
    Select(phone.find_element(By.ID, "bk-service")).select_by_value("pension")
    wait(phone).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".bk-slot input:not([disabled])"), "no free slot")
    day = phone.find_element(By.ID, "bk-day").get_attribute("value")
    slot = phone.find_element(By.CSS_SELECTOR, ".bk-slot input:not([disabled])").get_attribute("value")
    before = remaining(day, slot)
    phone.find_element(By.CSS_SELECTOR, f".bk-slot input[value='{slot}']").find_element(By.XPATH, "..").click()
    phone.find_element(By.ID, "bk-name").send_keys("赵六")
    phone.find_element(By.ID, "bk-phone").send_keys("137" + "".join(random.choice("0123456789") for _ in range(8)))
    click(phone, "#bk-submit")
    wait(phone, 5).until(lambda d: len(text_of(d, "#booked-code") or "") == 6, "no appointment code shown")
    code = text_of(phone, "#booked-code")
    assert remaining(day, slot) == before - 1

    # A wrong code first: the server's message, nothing cancelled.
    phone.find_element(By.ID, "cancel-code").send_keys("ZZZZZZ")
    click(phone, "#cancel-submit")
    wait(phone).until(lambda d: "没有找到预约" in (text_of(d, "#cancel-error") or ""), "no error for a wrong code")
    assert remaining(day, slot) == before - 1

    phone.find_element(By.ID, "cancel-code").clear()
    phone.find_element(By.ID, "cancel-code").send_keys(code.lower())
    click(phone, "#cancel-submit")
    wait(phone).until(lambda d: "预约已取消" in (text_of(d, "#cancel-result") or ""), "no cancellation shown")
    assert code in text_of(phone, "#cancel-result")
    assert f"{day} {slot}" in text_of(phone, "#cancel-result")
    assert attr_of(phone, "#cancel-error", "hidden") is not None
    assert remaining(day, slot) == before
    fits(phone, vertical=False)
    axe = Axe(phone)
    axe.inject()
    assert axe.run()["violations"] == []
    shoot(phone, "phone-book-cancelled-360x740")

    # Cancelled once is enough: again is refused with the reason.
    phone.find_element(By.ID, "cancel-code").send_keys(code)
    click(phone, "#cancel-submit")
    wait(phone).until(lambda d: "已取消" in (text_of(d, "#cancel-error") or ""), "a second cancellation was not refused")

    # The page's own slot list shows the place again.
    open_page(phone, "/book", "#bk-service option")
    Select(phone.find_element(By.ID, "bk-service")).select_by_value("pension")
    Select(phone.find_element(By.ID, "bk-day")).select_by_value(day)
    label = f".bk-slot input[value='{slot}']"
    wait(phone).until(lambda d: d.find_elements(By.CSS_SELECTOR, label))
    small = phone.find_element(By.CSS_SELECTOR, label).find_element(By.XPATH, "..").find_element(By.TAG_NAME, "small").text
    assert small == f"余{before}"

