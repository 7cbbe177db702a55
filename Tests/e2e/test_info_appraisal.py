"""公布考核结果 on the information board (issue 12, account-3), in a real headless Chromium: off by
default — the board shows the services only and the route answers 404; with `appraisal: publish:
true` in the hall file, last month's results by window are the board's first page, Chinese first
(English with the switch), each row as GET /api/v1/public/appraisal has it; switched off again, gone.

The demo hall's history gives last month (October, the days before the clock starts) its figures.
The test puts the original hall file back at the end. Waits are WebDriverWait conditions.
"""
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from conftest import api, login
from pages import click, fits, open_page, shoot, text_of, wait
from test_admin_config import hall_file, put_hall_file


def appraisal_state(driver):
    return driver.execute_script("return document.body.dataset.appraisal")


def test_the_information_board_shows_the_appraisal_results_only_when_published(browser):
    admin = login("admin", "admin12345")
    original = hall_file(admin)
    assert "publish:" not in original
    board = browser(1920, 1080)
    open_page(board, "/board/info", ".info-item")
    wait(board, 10).until(lambda d: appraisal_state(d) == "off", "the board never asked for the appraisal")
    assert not board.find_elements(By.ID, "appraisal")
    assert api("GET", "public/appraisal")[0] == 404
    pages_off = text_of(board, "#pager")

    try:
        assert put_hall_file(admin, original.replace("\nappraisal:\n", "\nappraisal:\n  publish: true\n", 1)) == 200
        status, summary, _ = api("GET", "public/appraisal")
        assert status == 200
        assert summary["month"] == "2026-10"
        assert summary["rows"] and sum(r["served"] for r in summary["rows"]) > 0, summary
        open_page(board, "/board/info", "#appraisal")
        assert appraisal_state(board) == "shown"
        assert "2026年10月 窗口考核结果公示" in text_of(board, "#appraisal h2")
        assert text_of(board, "#pager") != pages_off
        rows = board.find_elements(By.CSS_SELECTOR, "#appraisal tbody tr")
        assert [int(r.get_attribute("data-window")) for r in rows] == [r["window"] for r in summary["rows"]]
        for tr, row in zip(rows, summary["rows"]):
            cells = [c.text for c in tr.find_elements(By.CSS_SELECTOR, "th, td")]
            assert cells[0].startswith(f"{row['window']}号窗口 · {row['windowName']['zh']}")
            assert cells[1] == row["staffName"]
            assert cells[2] == str(row["served"])
            # One decimal, as the sheet prints them (JavaScript and Python may round a tie differently).
            for cell, rate in ((cells[3], row.get("satisfactionRate")), (cells[4], row.get("onTimeRate"))):
                assert cell == "—" if rate is None else abs(float(cell.rstrip("%")) - rate * 100) <= 0.05 + 1e-9, (cell, rate)
            assert abs(float(cells[5]) - row["score"]) <= 0.05 + 1e-9, (cells[5], row["score"])
        # Nothing about residents or complaints, no phone of a member of staff.
        body = board.find_element(By.TAG_NAME, "body").text
        status, hall, _ = api("GET", "hall")
        assert all(s["phone"] not in body for s in hall["staff"] if s.get("phone"))
        assert "投诉内容" not in body
        fits(board)
        axe = Axe(board)
        axe.inject()
        assert axe.run({"include": [["#appraisal"]]})["violations"] == []
        shoot(board, "info-appraisal-1920x1080")
        click(board, "#lang")
        wait(board).until(lambda d: "Window appraisal results, 2026-10" in text_of(d, "#appraisal h2"))
        shoot(board, "info-appraisal-en-1920x1080")
        click(board, "#lang")
    finally:
        assert put_hall_file(admin, original) == 200

    assert api("GET", "public/appraisal")[0] == 404
    open_page(board, "/board/info", ".info-item")
    wait(board, 10).until(lambda d: appraisal_state(d) == "off", "the board never asked for the appraisal")
    assert not board.find_elements(By.ID, "appraisal")
    assert text_of(board, "#pager") == pages_off
