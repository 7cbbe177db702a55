"""The administrator edits the running hall as its hall file, in a real headless Chromium.

Waits are WebDriverWait conditions, never sleeps. The test puts the original hall file back at the
end, so the other e2e tests see the demo hall as they expect.
"""
import os
import struct
import urllib.request
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import HALL_URL, login
from pages import click, fits, open_page, shoot, text_of, wait

NEW_NAME = "政策咨询与办事引导（综合窗口）"


def small_png(width=48, height=64):
    """A valid PNG portrait (a blue square on grey), made with the standard library only."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(
        b"\0" + b"".join(b"\x30\x60\xc0" if 8 <= x < 40 and 8 <= y < 40 else b"\xc0\xc0\xc0" for x in range(width))
        for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def hall_file(cookie):
    request = urllib.request.Request(HALL_URL + "/api/v1/config/hall-file", headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as r:
        return r.read().decode()


def put_hall_file(cookie, text):
    request = urllib.request.Request(HALL_URL + "/api/v1/config/hall-file", method="PUT", data=text.encode(),
                                     headers={"Cookie": cookie, "Content-Type": "application/yaml"})
    with urllib.request.urlopen(request) as r:
        return r.status


def set_textarea(driver, text):
    driver.execute_script(
        "const a = document.getElementById('hall-file'); a.value = arguments[0];"
        " a.dispatchEvent(new Event('input', {bubbles: true}));", text)


def test_admin_edits_the_hall_file(browser, tmp_path):
    cookie = login("admin", "admin12345")
    original = hall_file(cookie)
    try:
        admin = browser(1920, 1080)
        open_page(admin, "/admin", "#login:not([hidden])")
        admin.find_element(By.ID, "username").send_keys("admin")
        admin.find_element(By.ID, "password").send_keys("admin12345")
        admin.find_element(By.ID, "login-button").click()
        wait(admin, 10).until(lambda d: "services:" in (d.find_element(By.ID, "hall-file").get_attribute("value") or ""),
                              "the hall file never loaded into the editor")
        text = admin.find_element(By.ID, "hall-file").get_attribute("value")
        assert "青山镇便民服务中心" in text and "password_hash" in text

        # A broken edit: the problem is listed with its line, and clicking it puts the cursor there.
        lines = text.split("\n")
        broken_line = lines.index("    prefix: B") + 1
        lines[broken_line - 1] = "    prefix: b"
        set_textarea(admin, "\n".join(lines))
        click(admin, "#save-hall-file")
        wait(admin).until(lambda d: f"第{broken_line}行" in (text_of(d, "#hall-file-problems") or ""),
                          "the problem's line number was not shown")
        assert "capital letter" in text_of(admin, "#hall-file-problems")
        assert "问题" in text_of(admin, "#hall-file-error")
        admin.execute_script("document.getElementById('cfg-title').scrollIntoView()")
        shoot(admin, "admin-config-problem-1920x1080")
        admin.execute_script("document.getElementById('hall-file').setSelectionRange(0, 0)")
        click(admin, "#hall-file-problems button")
        cursor_line = admin.execute_script(
            "const a = document.getElementById('hall-file'); return a.value.slice(0, a.selectionStart).split('\\n').length")
        assert cursor_line == broken_line

        # A good edit: the service's new name is saved and the kiosk shows it.
        edited = text.replace("name: {zh: 政策咨询与办事引导,", f"name: {{zh: {NEW_NAME},", 1)
        assert edited != text
        set_textarea(admin, edited)
        click(admin, "#save-hall-file")
        wait(admin).until(lambda d: d.find_element(By.ID, "hall-file-ok").is_displayed(), "no success message")
        assert "配置已保存" in text_of(admin, "#hall-file-ok")
        assert text_of(admin, "#hall-file-problems") == ""
        fits(admin, vertical=False)
        shoot(admin, "admin-config-saved-1920x1080")

        # An SVG photo is refused with a message saying what to send instead.
        Select(admin.find_element(By.ID, "photo-staff")).select_by_value("li-na")
        svg = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../Halls/photos/li-na.svg"))
        admin.find_element(By.ID, "photo-file").send_keys(svg)
        click(admin, "#photo-upload")
        wait(admin).until(lambda d: "PNG或JPEG" in (text_of(d, "#photo-error") or ""), "the SVG upload was not refused")
        # A PNG: choose the member and the file, upload, see the preview and the served photo.
        photo = str(tmp_path / "li-na.png")
        with open(photo, "wb") as f:
            f.write(small_png())
        admin.find_element(By.ID, "photo-file").clear()
        admin.find_element(By.ID, "photo-file").send_keys(photo)
        click(admin, "#photo-upload")
        wait(admin).until(lambda d: d.execute_script(
            "const i = document.getElementById('photo-preview'); return !i.hidden && i.complete && i.naturalWidth > 0"),
            "the uploaded photo's preview never showed")
        assert "照片已上传" in text_of(admin, "#photo-ok")
        shoot(admin, "admin-photo-uploaded-1920x1080")

        kiosk = browser(1080, 1920)
        open_page(kiosk, "/kiosk", "button.service[data-service=consultation]")
        wait(kiosk).until(lambda d: NEW_NAME in (text_of(d, "button.service[data-service=consultation]") or ""),
                          "the kiosk does not show the new name")
        shoot(kiosk, "kiosk-after-config-change-1080x1920")
    finally:
        assert put_hall_file(cookie, original) == 200
