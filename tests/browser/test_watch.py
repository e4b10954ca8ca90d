"""The watch kept on every page, and the other checks, catch what they are there to catch.

Each test provokes one kind of trouble and checks it was seen; the watch's record is
then cleared, so that the fixture's own check at the end passes.
"""

import pytest

from tests.browser.support import assert_no_horizontal_scroll, expect, tab_to


def test_a_request_to_another_host_is_caught(site):
    """Only the app's own host and port may be asked for anything."""
    page = site.new_page()
    port = site.server.netloc.rsplit(":", 1)[1]
    # The same server under another name is still another host.
    page.goto(f"http://localhost:{port}/accessibility")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    assert any(
        problem.startswith("request to another host: GET http://localhost:")
        for problem in site.problems
    ), site.problems
    site.problems.clear()


def test_a_blocked_inline_script_is_caught(site):
    """A Content-Security-Policy violation shows as a console error, and counts as a problem."""
    page = site.new_page()
    page.goto("/")
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.inlineScriptRan = true")
    assert any("Content Security Policy" in problem for problem in site.problems), site.problems
    site.problems.clear()


def test_a_script_error_is_caught(site):
    """An uncaught exception in the page counts as a problem."""
    page = site.new_page()
    page.goto("/")
    page.evaluate("() => { setTimeout(() => { throw new Error('watch this'); }); }")
    # The error is reported a moment later: give it a few chances, no more.
    for _ in range(40):
        if any("watch this" in problem for problem in site.problems):
            break
        page.wait_for_timeout(50)
    assert any("watch this" in problem for problem in site.problems), site.problems
    site.problems.clear()


def test_a_page_wider_than_the_window_is_caught(site):
    """The sideways-scrolling check fails on a page with something too wide in it."""
    page = site.new_page(width=320, height=640)
    page.goto("/accessibility")
    assert_no_horizontal_scroll(page, "the accessibility statement")
    page.evaluate(
        "() => { const wide = document.createElement('div'); wide.style.width = '400px';"
        " wide.textContent = 'wide'; document.querySelector('main').append(wide); }"
    )
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_no_horizontal_scroll(page, "the accessibility statement, made too wide")


def test_a_control_without_a_visible_focus_indicator_is_caught(site):
    """Tabbing to a link whose focus style was taken away fails."""
    page = site.new_page()
    page.goto("/accessibility")
    link = page.get_by_role("link", name="Skip to main content")
    tab_to(page, link)
    page.keyboard.press("Shift+Tab")
    link.evaluate(
        "(link) => { link.style.setProperty('outline', 'none', 'important');"
        " link.style.setProperty('box-shadow', 'none', 'important');"
        " link.style.setProperty('background', 'none', 'important'); }"
    )
    with pytest.raises(AssertionError, match="no visible focus indicator"):
        tab_to(page, link)
