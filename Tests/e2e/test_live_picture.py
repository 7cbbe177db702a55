"""The server draws the picture: a board's live.js holds exactly what GET /api/v1/hall answers, after
calls, recalls and a finish driven over the API, without ever re-deriving the hall from events; a
staff feed opened in the same browser with a clerk's session holds the staff picture."""
from conftest import api, login
from pages import open_page, wait


def picture(hall):
    """The picture without the instant it was drawn at."""
    return {k: v for k, v in hall.items() if k != "at"}


def server_picture(cookie=None):
    status, hall, _ = api("GET", "hall" + ("?audience=staff" if cookie else ""), cookie=cookie)
    assert status == 200
    return picture(hall)


def page_picture(driver, name="hallLive"):
    hall = driver.execute_script(f"return window.{name} && window.{name}.hall")
    return picture(hall) if hall else None


def same_as_server(driver, name="hallLive", cookie=None):
    """Waits (polling, at most 5 s) until the page's picture equals the server's; asserts with the difference."""
    seen = {}

    def equal(d):
        seen["page"], seen["server"] = page_picture(d, name), server_picture(cookie)
        return seen["page"] == seen["server"]

    try:
        wait(driver, 5).until(equal)
    except Exception:
        page, server = seen.get("page") or {}, seen.get("server") or {}
        differing = sorted(k for k in set(page) | set(server) if page.get(k) != server.get(k))
        raise AssertionError(f"the page's picture differs from GET /api/v1/hall in {differing}: "
                             f"page {[page.get(k) for k in differing]!r:.600} server {[server.get(k) for k in differing]!r:.600}")


def test_board_picture_equals_the_snapshot_after_calls(browser):
    board = browser(1920, 1080)
    open_page(board, "/board", "#queue td")
    wait(board, 10).until(lambda d: d.execute_script("return !!(window.hallLive && window.hallLive.hall)"), "live.js never got its snapshot")
    clerk = login("clerk4", "clerk12345", window=4)
    name, value = clerk.split("=", 1)
    board.add_cookie({"name": name, "value": value, "path": "/"})
    # A staff feed next to the board's public one, in the same page.
    board.execute_script("""
        import('/screens/live.js').then(({ LiveHall }) => { window.staffLive = new LiveHall({ audience: 'staff' }).start(); });""")
    wait(board, 10).until(lambda d: d.execute_script("return !!(window.staffLive && window.staffLive.hall)"), "the staff feed never got its snapshot")

    assert api("POST", "windows/4/open", cookie=clerk)[0] == 200
    numbers = []
    for service in ("birth-registration", "one-child-reward", "birth-registration"):
        status, ticket, _ = api("POST", "tickets", {"service": service})
        assert status == 201
        numbers.append(ticket["number"])
    status, called, _ = api("POST", "windows/4/call-next", cookie=clerk)
    assert status == 200, called
    assert api("POST", "windows/4/recall", cookie=clerk)[0] == 200
    assert api("POST", "windows/4/finish", cookie=clerk)[0] == 200
    assert api("POST", "windows/4/call-next", cookie=clerk)[0] == 200

    same_as_server(board)
    same_as_server(board, "staffLive", cookie=clerk)
    hall = page_picture(board)
    window = next(w for w in hall["windows"] if w["number"] == 4)
    assert window["current"]["status"] == "called"
    assert hall["recentCalls"][0]["window"] == 4 and hall["recentCalls"][1]["recall"] is True
    # live.js keeps no copy of the hall's rules: it never mentions an event type.
    source = board.execute_script("return fetch('/screens/live.js').then((r) => r.text())")
    for event_type in ("ticketIssued", "visitCalled", "windowOpened", "presenceChanged"):
        assert event_type not in source
    # Leave the window idle for the other tests.
    assert api("POST", "windows/4/finish", cookie=clerk)[0] == 200
