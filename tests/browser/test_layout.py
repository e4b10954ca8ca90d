"""Small screens and zoom: nothing scrolls sideways; screenshots of the main pages.

A 320px-wide phone, and 200% zoom of a 1280×800 screen (the page lays out in
640×400 CSS pixels at two device pixels each), must show every kind of page
without horizontal scrolling (WCAG 1.4.10). (The accessibility tests check the
pages without JavaScript at 320px too.) Full-page screenshots of the main pages at
320, 768 and 1280px go to test-artifacts/screenshots/ for people to look at.
"""

import struct

import pytest

from tests.browser import pages
from tests.browser.support import SCREENSHOTS, assert_no_horizontal_scroll

SCREENS = {
    "phone-320": {"width": 320, "height": 640},
    "zoom-200": {"width": 640, "height": 400, "device_scale_factor": 2},
}
SHOTS = {
    "home": pages.home,
    "workstream": pages.workstream,
    "proposition": pages.proposition,
    "proposition-form-errors": pages.proposition_with_errors,
    "sign-in": pages.sign_in_page,
    "workspace-editor-errors": pages.editor_schedule_with_errors,
    "workspace-workstream": pages.admin_edit_workstream,
}


@pytest.mark.parametrize("screen", SCREENS, ids=str)
def test_no_page_scrolls_sideways_on_a_phone_or_at_200_percent_zoom(site, screen):
    """Every kind of page, with JavaScript, fits the width of a 320px phone and of 200% zoom."""
    page = site.new_page(**SCREENS[screen])
    for reach in pages.PAGES:
        fresh_start(page)
        reach(page)
        assert_no_horizontal_scroll(page, reach.__doc__)


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_screenshots_of_the_main_pages(site, width):
    """Save full-page screenshots of the main pages at a common width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = site.new_page(width=width, height=900)
    for name, reach in SHOTS.items():
        fresh_start(page)
        reach(page)
        assert_no_horizontal_scroll(page, reach.__doc__)
        path = SCREENSHOTS / f"{name}-{width}.png"
        path.unlink(missing_ok=True)
        page.screenshot(path=path, full_page=True)
        header = path.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", path
        shot_width, shot_height = struct.unpack(">II", header[16:24])
        assert shot_width == width, path
        assert shot_height >= page.evaluate("() => document.documentElement.scrollHeight"), path


def fresh_start(page) -> None:
    """Forget the last page's sign-in and drafts, so each page is reached as by a new visitor."""
    page.context.clear_cookies()
    if page.url.startswith("http"):
        page.evaluate("() => localStorage.clear()")
