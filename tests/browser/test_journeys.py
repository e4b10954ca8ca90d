"""Journeys people take through the forum, in a real browser, checked as they see them.

A visitor reads; a guest comments, gets an error, fixes it and replies, with a mouse,
with the keyboard alone, with JavaScript off, on a 320px phone and at 200% zoom; the
admin approves a held comment. The workspace's journeys (an admin sets up a
workstream and names its facilitator, who drafts, previews, schedules, publishes,
edits and renames a proposition, with the keyboard alone and without JavaScript too)
are in test_workspace_journey.py.
"""

import re
from dataclasses import dataclass
from functools import partial

import pytest

from tests.browser.support import (
    assert_no_horizontal_scroll,
    expect,
    sign_in,
    tab_to,
)

COMMENT_URL = re.compile(r"#comment-(\d+)$")


def comment_id_from(page) -> str:
    """Wait to land on a comment (…#comment-123), and return its number."""
    expect(page).to_have_url(COMMENT_URL)
    return COMMENT_URL.search(page.url).group(1)


def test_a_visitor_reads_the_summit_and_follows_a_comment_permalink(site):
    """Home page, a workstream, a proposition with a deep thread, then a comment's short link."""
    page = site.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Summit Forum")
    expect(page.get_by_role("heading", name="Latest propositions")).to_be_visible()

    page.get_by_role("link", name="Proposition 5: Digital Public Services and Data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital Public Services and Data")
    expect(page).to_have_title(re.compile("^Proposition 5: Digital Public Services and Data"))

    title = "Every council service reachable without the internet"
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("#comments-title")).to_have_text(
        re.compile(rf"^\d+ responses to “{title}”")
    )
    # The discussion nests five levels deep, and each level says whose replies it holds.
    fifth_level = page.locator("ol.forum-thread--replies " * 4 + "> li > .forum-comment")
    expect(fifth_level.first).to_be_visible()
    expect(page.get_by_role("list", name=re.compile("^Replies to ")).first).to_be_visible()
    # Comments still held for moderation are not shown to the public.
    expect(page.get_by_text("awaiting moderation", exact=False)).to_have_count(0)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Home").click()
    recent = page.locator(".forum-recent-comments a").first
    short_link = recent.get_attribute("href")
    assert re.fullmatch(r"/c/\d+", short_link), short_link
    proposition_title = recent.inner_text()
    recent.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(proposition_title)
    assert comment_id_from(page) == short_link.removeprefix("/c/")
    comment = page.locator(f"#comment-{comment_id_from(page)}")
    expect(comment).to_be_in_viewport()
    expect(page.locator(".forum-comment:target")).to_have_count(1)


@dataclass(frozen=True)
class Journey:
    """One way of taking the guest's journey: input, JavaScript, screen, and where."""

    name: str
    keyboard: bool
    javascript: bool
    workstream: str
    proposition: str
    width: int = 1280
    height: int = 900
    scale: float = 1

    @property
    def narrow(self) -> bool:
        """Whether the window is phone-sized, or zoomed to be."""
        return self.width < 700


JOURNEYS = [
    Journey(
        "mouse",
        keyboard=False,
        javascript=True,
        workstream="learning-and-libraries",
        proposition="paid-first-jobs-16-to-18",
    ),
    Journey(
        "keyboard",
        keyboard=True,
        javascript=True,
        workstream="digital-public-services",
        proposition="tell-us-once",
    ),
    Journey(
        "keyboard-no-js",
        keyboard=True,
        javascript=False,
        workstream="health-and-care",
        proposition="health-checks-where-people-go",
    ),
    Journey(
        "phone-320-no-js",
        keyboard=False,
        javascript=False,
        workstream="health-and-care",
        proposition="social-prescribing-local-groups",
        width=320,
        height=640,
    ),
    # 200% zoom of a 1280×800 screen: the page lays out in 640×400 CSS pixels.
    Journey(
        "zoom-200",
        keyboard=False,
        javascript=True,
        workstream="getting-around",
        proposition="school-streets",
        width=640,
        height=400,
        scale=2,
    ),
]


class Person:
    """Works a page with a mouse, or with the keyboard alone (Tab, Enter, Space)."""

    def __init__(self, page, journey: Journey):
        self.page = page
        self.journey = journey

    def type_into(self, field, text: str) -> None:
        """Type into a field: Tab to it, or click it."""
        if self.journey.keyboard:
            tab_to(self.page, field)
        else:
            field.click()
        self.page.keyboard.type(text)

    def tick(self, checkbox) -> None:
        """Tick a checkbox: Space on it, or a click on it."""
        if self.journey.keyboard:
            tab_to(self.page, checkbox)
            self.page.keyboard.press("Space")
        else:
            checkbox.check()
        expect(checkbox).to_be_checked()

    def activate(self, control, *, key: str = "Enter", loads_page: bool = True) -> None:
        """Press a link or button (Enter or Space on it, or a click), waiting for the new page."""
        if self.journey.keyboard:
            tab_to(self.page, control)
            action = partial(self.page.keyboard.press, key)
        else:
            action = control.click
        if loads_page:
            with self.page.expect_navigation():
                action()
        else:
            action()

    def check_layout(self, what: str) -> None:
        """On a phone or zoomed in, the page must not scroll sideways."""
        if self.journey.narrow:
            assert_no_horizontal_scroll(self.page, what)


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.name)
def test_a_guest_comments_fixes_an_error_and_replies(site, journey):
    """Post a comment (first forgetting the email), then reply to someone, and see both held."""
    page = site.new_page(
        javascript=journey.javascript,
        width=journey.width,
        height=journey.height,
        device_scale_factor=journey.scale,
    )
    person = Person(page, journey)
    guest = f"Robin {journey.name.title()}"
    email = f"robin.{journey.name}@example.org"
    comment = f"Twenty hours a week would suit most students ({journey.name})."

    page.goto(f"/workstreams/{journey.workstream}/")
    if journey.keyboard:
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Skip to main content")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        expect(page.locator("#main-content")).to_be_focused()
    person.check_layout("the workstream page")
    link = page.locator(f'main a[href$="/{journey.proposition}/"]').first
    title = link.inner_text()
    person.activate(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    person.check_layout("the proposition page")

    form = page.locator("[data-comment-form]")
    body = form.get_by_label("Your comment")
    name = form.get_by_label("Name", exact=True)
    email_field = form.get_by_label("Email address")
    person.type_into(body, comment)
    person.type_into(name, guest)
    person.activate(form.get_by_role("button", name="Post comment"))

    # The form comes back with the problem named, and nothing typed is lost.
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    # The page opens at the form, not at the top of the discussion above it.
    expect(summary).to_be_in_viewport()
    if journey.javascript:
        expect(summary).to_be_focused()
    expect(page.locator("#email-error")).to_have_text("Error: Enter your email address.")
    expect(body).to_have_value(comment)
    expect(name).to_have_value(guest)
    person.check_layout("the form with an error")
    site.assert_accessible(page, f"the comment form with an error [{journey.name}]")

    person.activate(summary.get_by_role("link", name="Enter your email address."), loads_page=False)
    expect(email_field).to_be_focused()
    person.type_into(email_field, email)
    person.tick(form.get_by_label("Save my name, email and website in this browser for next time"))
    person.activate(form.get_by_role("button", name="Post comment"))

    posted = comment_id_from(page)
    expect(
        page.get_by_text("Your comment is awaiting moderation. A facilitator will check it soon.")
    ).to_be_visible()
    mine = page.locator(f"#comment-{posted}")
    expect(mine).to_contain_text(comment)
    expect(mine).to_contain_text("Your comment is awaiting moderation.")
    expect(mine.get_by_role("heading")).to_contain_text(guest)
    person.check_layout("the page after posting")
    site.assert_accessible(page, f"the proposition after posting [{journey.name}]")

    _reply(site, page, person, journey, guest, email)


def _reply(site, page, person: Person, journey: Journey, guest: str, email: str) -> None:
    """Reply to the first comment that can be answered, and find the reply nested under it."""
    reply_link = page.locator("[data-reply-to]").first
    parent = reply_link.get_attribute("data-reply-to")
    parent_name = reply_link.get_attribute("data-reply-name")
    person.activate(reply_link, loads_page=not journey.javascript)

    expect(page.locator("#respond-title")).to_have_text(f"Reply to {parent_name}")
    form = page.locator("[data-comment-form]")
    expect(form.locator("input[name=parent_id]")).to_have_value(parent)
    if journey.javascript:
        # The form moved to just under the comment being answered, without a new page.
        expect(page.locator(f"#comment-{parent} + [data-respond]")).to_be_visible()
        expect(form.get_by_label("Your comment")).to_be_focused()
    # The guest ticked "save my details", so they are filled in.
    expect(form.get_by_label("Name", exact=True)).to_have_value(guest)
    expect(form.get_by_label("Email address")).to_have_value(email)
    person.check_layout("the reply form")

    answer = f"Agreed, {parent_name.split()[0]}: and pay them properly."
    person.type_into(form.get_by_label("Your comment"), answer)
    person.activate(form.get_by_role("button", name="Post reply"), key="Space")

    reply = comment_id_from(page)
    nested = page.locator(
        f"li:has(> #comment-{parent}) > ol.forum-thread--replies > li > #comment-{reply}"
    )
    expect(nested).to_be_visible()
    expect(nested).to_contain_text(answer)
    expect(nested).to_contain_text("Your comment is awaiting moderation.")
    person.check_layout("the page after replying")
    site.assert_accessible(page, f"the proposition after replying [{journey.name}]")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_admin_approves_a_held_comment(site, javascript):
    """A guest's first comment is held; the admin approves it in place; then everyone sees it."""
    address = "/workstreams/learning-and-libraries/libraries-digital-help/"
    guest_name = f"Morgan Held {'Js' if javascript else 'Nojs'}"
    text = f"Could the libraries lend tablets too? ({guest_name})"

    guest = site.new_page(javascript=javascript)
    guest.goto(address)
    guest.get_by_label("Your comment").fill(text)
    guest.get_by_label("Name", exact=True).fill(guest_name)
    guest.get_by_label("Email address").fill(f"{guest_name.replace(' ', '.').lower()}@example.org")
    guest.get_by_role("button", name="Post comment").click()
    held = comment_id_from(guest)

    public = site.new_page(javascript=javascript)
    public.goto(address)
    expect(public.get_by_role("heading", level=1)).to_be_visible()
    expect(public.locator(f"#comment-{held}")).to_have_count(0)

    admin = site.new_page(javascript=javascript)
    sign_in(admin)
    admin.goto(address)
    comment = admin.locator(f"#comment-{held}")
    expect(comment).to_contain_text("Awaiting moderation.")
    comment.get_by_text(f"Moderate the comment by {guest_name}").click()
    approve = comment.get_by_role("button", name=f"Approve the comment by {guest_name}")
    expect(approve).to_be_visible()
    site.assert_accessible(admin, "the proposition with a held comment, as the admin")
    approve.click()
    notice = admin.locator(".govuk-notification-banner__heading")
    expect(notice).to_have_text(f"You approved the comment by {guest_name}.")
    expect(admin.get_by_role("button", name=re.compile("^Undo"))).to_be_visible()
    expect(comment).to_contain_text(text)
    expect(comment).not_to_contain_text("Awaiting moderation.")
    expect(comment.get_by_role("button", name=re.compile("^Approve"))).to_have_count(0)

    public.reload()
    expect(public.locator(f"#comment-{held}")).to_contain_text(text)
