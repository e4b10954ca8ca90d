"""Signing in with a provider in the middle of writing a comment, in a real browser.

The app is configured with two OpenID Connect providers ("Summit ID" and "Newtown
Council"), both the real provider the tests start on 127.0.0.1 (see conftest.py). A
guest writes a reply, presses "Continue with Summit ID" from the keyboard, signs in at
the provider and comes back to the same proposition with the reply still in the box;
then posts it, links a second provider from the profile page, signs out, and signs in
again with the second provider to the same profile. Without JavaScript as well, so the
reply survives through the server (the script's own copy in the browser can't help).
"""

import re

import pytest

from tests.browser.support import (
    PROVIDER_BUTTON,
    SECOND_PROVIDER,
    expect,
    tab_to,
    through_provider,
)

ADDRESS = "/workstreams/health-and-care/social-prescribing-local-groups/"
COMMENT_URL = re.compile(r"#comment-(\d+)$")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_guest_signs_in_with_a_provider_mid_reply_and_posts_it(site, javascript):
    """Nothing typed is lost through the sign-in; the reply posts as the signed-in person."""
    login = f"journey-{'js' if javascript else 'nojs'}"
    name = f"{login.capitalize()} Tester"
    text = f"The walking group at the library would welcome referrals. ({login})"
    page = site.new_page(javascript=javascript)
    page.goto(ADDRESS)

    reply = page.locator("[data-reply-to]").first
    answering = reply.get_attribute("data-reply-name")
    reply.click()
    expect(page.locator("#respond-title")).to_have_text(f"Reply to {answering}")
    page.get_by_label("Your comment").fill(text)
    button = page.get_by_role("button", name=PROVIDER_BUTTON)
    tab_to(page, button)
    through_provider(page, lambda: page.keyboard.press("Enter"), login)
    expect(page).to_have_url(re.compile(re.escape(ADDRESS)))
    expect(page.get_by_text(f"You are signed in as {name} with Summit ID.")).to_be_visible()
    expect(page.get_by_text("Your comment is still here")).to_be_visible()
    expect(page.get_by_label("Your comment")).to_have_value(text)
    expect(page.locator("#respond-title")).to_have_text(f"Reply to {answering}")
    expect(page.locator("[data-commenting-as]")).to_have_text(
        f"You are commenting as {name} (Summit ID)."
    )
    site.assert_accessible(page, "the proposition after signing in with a provider mid-reply")

    page.get_by_role("button", name="Post reply").click()
    expect(page).to_have_url(COMMENT_URL)
    posted = page.locator(f"#comment-{COMMENT_URL.search(page.url).group(1)}")
    expect(posted).to_contain_text(text)
    expect(posted).to_contain_text(name)
    expect(page.get_by_text("Your comment has been published.")).to_be_visible()

    page.get_by_role("link", name=re.compile(f"^{name}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    through_provider(page, page.get_by_role("button", name=f"Link {SECOND_PROVIDER}").click)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Link {SECOND_PROVIDER} to your profile?"
    )
    page.get_by_role("button", name=f"Yes, link {SECOND_PROVIDER}").click()
    expect(page.get_by_text(f"you can now sign in with {SECOND_PROVIDER} too")).to_be_visible()
    expect(page.locator("[data-identity]")).to_have_count(2)
    site.assert_accessible(page, "the profile with two linked providers")

    page.locator("main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/login")
    through_provider(
        page, page.get_by_role("button", name=f"Continue with {SECOND_PROVIDER}").click, login
    )
    expect(page.get_by_text(f"You are signed in as {name} with {SECOND_PROVIDER}.")).to_be_visible()
    page.goto("/profile/")
    expect(page.locator("[data-identity]")).to_have_count(2)
