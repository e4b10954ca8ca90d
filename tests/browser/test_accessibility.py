"""axe-core on every kind of page, with JavaScript and without, forms with errors included.

Each case brings a page to a state a person meets, checks that it got there, and
runs axe with the WCAG 2.0, 2.1 and 2.2 A and AA rules: zero violations.
"""

import pytest

from tests.browser.pages import PAGES
from tests.browser.support import assert_no_horizontal_scroll


@pytest.mark.parametrize("javascript", [True, False], ids=["js-1280", "no-js-320"])
@pytest.mark.parametrize("reach", PAGES, ids=lambda reach: reach.__name__)
def test_page_has_no_axe_violations(site, reach, javascript):
    """Every kind of page passes axe's WCAG 2.2 A and AA rules.

    With JavaScript on a desktop; without it on a 320px phone, where the page must
    not scroll sideways either.
    """
    page = site.new_page(javascript=javascript, width=1280 if javascript else 320)
    reach(page)
    if not javascript:
        assert_no_horizontal_scroll(page, reach.__doc__)
    site.assert_accessible(page, f"{reach.__doc__} [{'js' if javascript else 'no-js, 320px'}]")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_axe_finds_a_violation_when_there_is_one(site, javascript):
    """The check can fail: a page with an unlabelled field breaks it."""
    page = site.new_page(javascript=javascript)
    page.goto("/accessibility")
    page.evaluate("() => document.querySelector('main').append(document.createElement('input'))")
    with pytest.raises(AssertionError, match="label"):
        site.assert_accessible(page, "a page with an unlabelled field")


def test_axe_runs_with_the_sites_content_security_policy_in_force(site):
    """axe goes in through DevTools, while the page's CSP still blocks inline script."""
    page = site.new_page()
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    site.allow_console_error("Content Security Policy")
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.inlineScriptRan = true")
    assert page.evaluate("() => window.inlineScriptRan") is None
    site.assert_accessible(page, "the home page")
    assert page.evaluate("() => axe.version") == "4.14.1"
