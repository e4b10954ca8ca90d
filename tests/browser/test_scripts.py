"""What static/js/forum.js adds, and that each thing still works with JavaScript off."""

import re

import pytest

from tests.browser.support import assert_same_page, expect, mark_page

# A quiet proposition for reading and previewing (nothing is posted to it here).
THREAD = "/workstreams/getting-around/village-bus-loops/"
PREVIEW = "/workstreams/digital-public-services/plain-english-data-register/"
# Drafts end with a real post: a proposition no other test writes to.
DRAFTS = "/workstreams/getting-around/cargo-bikes-for-traders/"


def test_reply_moves_the_form_under_the_comment_and_cancel_moves_it_back(site):
    """Reply opens the form under that comment; Cancel reply puts it back; no page loads."""
    page = site.new_page()
    page.goto(THREAD)
    mark_page(page)
    respond = page.locator("[data-respond]")
    reply_link = page.locator("[data-reply-to]").nth(2)
    parent = reply_link.get_attribute("data-reply-to")
    name = reply_link.get_attribute("data-reply-name")
    expect(reply_link).to_have_accessible_name(f"Reply to {name}")

    reply_link.click()
    expect(page.locator(f"#comment-{parent} + [data-respond]")).to_be_visible()
    expect(page.locator("#respond-title")).to_have_text(f"Reply to {name}")
    expect(respond.locator("input[name=parent_id]")).to_have_value(parent)
    expect(respond.get_by_role("button", name="Post reply")).to_be_visible()
    expect(respond.get_by_label("Your comment")).to_be_focused()
    expect(respond.get_by_role("link", name=name)).to_have_attribute("href", f"#comment-{parent}")

    respond.get_by_role("link", name="Cancel reply").click()
    expect(page.locator("main > [data-respond]")).to_be_visible()
    expect(page.locator("#respond-title")).to_have_text("Leave a reply")
    expect(respond.locator("input[name=parent_id]")).to_have_value("")
    expect(respond.get_by_role("button", name="Post comment")).to_be_visible()
    expect(respond.locator("[data-replying-to]")).to_be_hidden()
    expect(reply_link).to_be_focused()
    assert_same_page(page)


def test_without_javascript_reply_and_cancel_are_links_to_the_form(site):
    """Without JavaScript "Reply" opens the page with the form set to answer; "Cancel" undoes it."""
    page = site.new_page(javascript=False)
    page.goto(THREAD)
    reply_link = page.locator("[data-reply-to]").nth(2)
    parent = reply_link.get_attribute("data-reply-to")
    name = reply_link.get_attribute("data-reply-name")
    reply_link.click()
    expect(page).to_have_url(re.compile(rf"\?reply_to={parent}#respond$"))
    expect(page.locator("#respond-title")).to_have_text(f"Reply to {name}")
    expect(page.locator("input[name=parent_id]")).to_have_value(parent)
    expect(page.get_by_role("button", name="Post reply")).to_be_visible()

    page.get_by_role("link", name="Cancel reply").click()
    expect(page).to_have_url(re.compile(rf"{THREAD}#respond$"))
    expect(page.locator("#respond-title")).to_have_text("Leave a reply")
    expect(page.locator("input[name=parent_id]")).to_have_value("")


def test_collapsing_a_thread_hides_its_replies_and_says_so(site):
    """The Collapse thread button hides the replies, flips aria-expanded, shows them again."""
    page = site.new_page()
    page.goto(THREAD)
    item = page.locator("[data-thread] > li:has(> ol.forum-thread--replies)").first
    replies = item.locator(":scope > ol.forum-thread--replies")
    count = replies.locator(".forum-comment").count()
    noun = "reply" if count == 1 else "replies"
    toggle = item.locator(":scope > .forum-comment button[aria-controls]")
    expect(toggle).to_have_accessible_name(f"Collapse thread ({count} {noun})")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_attribute("aria-controls", replies.get_attribute("id"))
    expect(replies).to_be_visible()

    toggle.click()
    expect(replies).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_text(f"Show {count} {noun}")
    expect(toggle).to_be_focused()
    site.assert_accessible(page, "a discussion with a collapsed thread")

    toggle.press("Enter")
    expect(replies).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_text(f"Collapse thread ({count} {noun})")


def test_without_javascript_every_reply_shows_and_there_is_nothing_to_collapse(site):
    """With JavaScript off the whole discussion is open and no dead buttons appear."""
    page = site.new_page(javascript=False)
    page.goto(THREAD)
    expect(page.locator(".forum-thread--replies").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Collapse thread"))).to_have_count(0)


def test_preview_shows_the_rendered_comment_in_place(site):
    """Preview renders the Markdown into the page, without loading a new one."""
    page = site.new_page()
    page.goto(PREVIEW)
    mark_page(page)
    address = page.url
    body = page.get_by_label("Your comment")
    body.fill("Publish it as **open data**, with [a changelog](https://example.org/log).")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("[data-preview]")
    expect(preview.locator("strong")).to_have_text("open data")
    expect(preview.get_by_role("link", name="a changelog")).to_have_attribute(
        "href", "https://example.org/log"
    )
    expect(preview).to_have_attribute("aria-live", "polite")
    expect(body).to_have_value(re.compile(r"^Publish it as \*\*open data\*\*"))
    assert page.url == address
    assert_same_page(page)
    site.assert_accessible(page, "a comment's preview shown in place")


def test_without_javascript_preview_posts_the_form_and_shows_it_again(site):
    """With JavaScript off, "Preview" sends the form and the page comes back with the preview."""
    page = site.new_page(javascript=False)
    page.goto(PREVIEW)
    page.get_by_label("Your comment").fill("Publish it as **open data**.")
    page.get_by_label("Name", exact=True).fill("Ada Preview")
    page.get_by_role("button", name="Preview").click()
    expect(page).to_have_url(re.compile(r"/comments/preview"))
    expect(page.get_by_role("heading", name="Preview of your comment")).to_be_visible()
    expect(page.locator("[data-preview] strong")).to_have_text("open data")
    expect(page.get_by_label("Your comment")).to_have_value("Publish it as **open data**.")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Ada Preview")


def test_an_unsent_comment_survives_a_reload_until_the_server_confirms_it(site):
    """A draft is kept in this browser across reloads, and dropped once the comment is posted."""
    page = site.new_page()
    page.goto(DRAFTS)
    draft = "Cargo bikes would help the market traders on Thursdays."
    page.get_by_label("Your comment").press_sequentially(draft)
    page.reload()
    expect(page.get_by_label("Your comment")).to_have_value(draft)
    expect(page.get_by_text("We kept the comment you had not sent yet.")).to_be_visible()
    site.assert_accessible(page, "a proposition with a kept draft")

    # A failed post is not a confirmation: the draft stays.
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your name.")
    assert page.evaluate("() => Object.keys(localStorage)") == [f"forum-draft:{DRAFTS}"]

    page.get_by_label("Name", exact=True).fill("Dana Draft")
    page.get_by_label("Email address").fill("dana.draft@example.org")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is awaiting moderation. A facilitator")).to_be_visible()
    assert page.evaluate("() => Object.keys(localStorage)") == []
    page.reload()
    expect(page.get_by_label("Your comment")).to_have_value("")
    expect(page.get_by_text("We kept the comment you had not sent yet.")).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_comment_box_tells_the_limit(site, javascript):
    """The character count counts down with JavaScript; without, the limit is stated."""
    page = site.new_page(javascript=javascript)
    page.goto(PREVIEW)
    body = page.get_by_label("Your comment")
    if not javascript:
        expect(page.locator("#body-info")).to_be_visible()
        expect(page.locator("#body-info")).to_contain_text("You can enter up to 10000 characters")
        return
    status = page.locator(".govuk-character-count__status")
    expect(status).to_have_text("You have 10,000 characters remaining")
    body.press_sequentially("Twelve chars")
    expect(status).to_have_text("You have 9,988 characters remaining")
    body.fill("x" * 10_001)
    expect(status).to_have_text("You have 1 character too many")
    expect(body).to_have_class(re.compile("govuk-textarea--error"))
