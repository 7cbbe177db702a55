"""The county's page (hall county serve, issue 13) as a county official sees it: a real PostgreSQL,
the demo hall forwarding its journal into it, the administrator's login, every hall today, the
comparisons with their figures, and the monthly report's CSV with the hall's row and the total."""
import os
import urllib.request

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS
from county_server import ADMIN, HALL_ID
from pages import click, text_of, wait

HALL_NAME = "青山镇便民服务中心"


def cells(driver, css, label):
    """The texts of the cells of the first row under css whose first cell is label, or None."""
    for row in driver.find_elements(By.CSS_SELECTOR, css):
        texts = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
        if texts and texts[0] == label:
            return texts
    return None


def test_county_official_sees_every_hall_the_comparisons_and_the_report(browser, county):
    # A resident takes a ticket now: the hall has someone waiting today.
    ticket = county.hall_api("POST", "/api/v1/tickets", {"service": "consultation"})
    assert ticket["visitID"]
    lag = county.forwarded()
    assert lag["hallID"] == HALL_ID

    driver = browser(1600, 1000)
    driver.get(county.url + "/")
    wait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#login:not([hidden])"), "the login form never showed")
    # Chinese first.
    assert text_of(driver, "#login h2") == "县级管理员登录"
    driver.find_element(By.ID, "username").send_keys(ADMIN[0])
    driver.find_element(By.ID, "password").send_keys("not the password")
    click(driver, "#login-button")
    wait(driver).until(lambda d: text_of(d, "#login-error") == "用户名或密码错误", "a wrong password was not refused")
    driver.find_element(By.ID, "password").clear()
    driver.find_element(By.ID, "password").send_keys(ADMIN[1])
    click(driver, "#login-button")

    # Every hall today: the forwarding hall, not silent, with the ticket just taken waiting.
    today = wait(driver, 10).until(lambda d: cells(d, "#halls tbody tr", HALL_NAME), "the hall never showed in 今日各大厅")
    name, state, waiting, windows, longest, tickets = today[:6]
    assert state in ("办公中", "未开放"), today
    assert int(waiting) >= 1 and int(tickets) >= 1, today
    assert int(windows) >= 0 and longest.endswith("分钟"), today
    # Measured on the hall's own clock (it started at 09:00 on 2026-11-23, whatever the county's day):
    # the ticket just taken has waited minutes, not the days between the two clocks.
    assert int(longest.split()[0]) < 10, today

    # The comparisons by hall for this month (the browser's month: the hall's clock is in it too).
    line = wait(driver, 10).until(lambda d: cells(d, "#compare tbody tr", HALL_NAME), "no comparison line for the hall")
    visits, finished = int(line[1]), int(line[2])
    assert visits > finished > 0, line
    assert line[7].endswith("%") and line[10].endswith("%"), line  # satisfaction, done in one visit
    assert "/" in line[13], line  # complaints / replied on time

    os.makedirs(SCREENSHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SCREENSHOTS, "county.png"))
    axe = Axe(driver)
    axe.inject()
    violations = [f"{v['id']}: {v['help']} (e.g. {v['nodes'][0]['html'][:120]})" for v in axe.run()["violations"]]
    assert violations == [], "\n".join(violations)

    # The monthly report as CSV, with the page's session: one row for the hall and the county's total.
    href = driver.find_element(By.ID, "csv").get_attribute("href")
    assert "format=csv" in href
    session = driver.get_cookie("county_session")["value"]
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": f"county_session={session}"})) as r:
        assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
        lines = [row.split(",") for row in r.read().decode("utf-8").split("\r\n") if row]
    assert lines[0][0] == "\ufeff分组 kind"
    issued = lines[0].index("取号数 issued")
    rows = {(row[0], row[1]): row for row in lines[1:]}
    hall, total = rows[("hall", HALL_ID)], rows[("hall", "total")]
    assert hall[2] == HALL_NAME and total[2] == "全县合计 County total"
    assert int(hall[issued]) == int(total[issued]) == visits
    assert any(kind == "service" for kind, _ in rows)
    # Without the session the report is refused.
    try:
        urllib.request.urlopen(href)
        raise AssertionError("the report was served without a session")
    except urllib.error.HTTPError as e:
        assert e.code == 401

    # English second.
    click(driver, "#lang")
    wait(driver).until(lambda d: text_of(d, "#today-title") == "Every hall today", "the page never switched to English")
