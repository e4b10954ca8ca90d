"""Ways to reach each kind of page in a state a person meets, checking it got there.

Shared by the accessibility and layout tests: each takes a fresh page and leaves it
showing one kind of page.
"""

import re

from tests.browser.support import expect, sign_in

DEEP = "/workstreams/digital-public-services/every-service-without-the-internet/"
SMALL = "/workstreams/digital-public-services/plain-english-data-register/"
CLOSED = "/workstreams/homes-and-neighbourhoods/tenants-repairs-charter/"


def home(page):
    """The summit's home page."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Summit Forum")


def workstream(page):
    """A workstream and its propositions."""
    page.goto("/workstreams/digital-public-services/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital Public Services and Data")


def proposition(page):
    """A proposition with a long, deep discussion."""
    page.goto(DEEP)
    expect(page.locator(".forum-thread--replies " * 4).first).to_be_attached()


def proposition_closed(page):
    """A proposition that no longer takes comments."""
    page.goto(CLOSED)
    expect(page.get_by_role("heading", name="Comments are closed")).to_be_visible()


def proposition_as_admin(page):
    """A proposition as the admin sees it: held comments in place, with Approve buttons."""
    sign_in(page)
    page.goto(DEEP)
    expect(page.get_by_text("Awaiting moderation.").first).to_be_visible()
    expect(page.get_by_role("button", name="Approve").first).to_be_visible()


def proposition_with_errors(page):
    """The comment form sent empty: error summary and messages by each field."""
    page.goto(SMALL)
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page.locator("#body-error")).to_contain_text("Enter your comment.")


def proposition_with_preview(page):
    """A comment's preview (in place with JavaScript; a new page without)."""
    page.goto(SMALL)
    page.get_by_label("Your comment").fill("A **bold** idea:\n\n- one\n- two")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("[data-preview] strong")).to_have_text("bold")


def reply_form(page):
    """The reply form, answering a comment (moved under it with JavaScript; a new page without)."""
    page.goto(SMALL)
    page.locator("[data-reply-to]").first.click()
    expect(page.locator("#respond-title")).to_contain_text("Reply to")


def reply_form_deep(page):
    """The reply form answering a comment five levels down, where the page is narrowest."""
    page.goto(DEEP)
    deepest = page.locator("ol.forum-thread--replies " * 4 + "> li > .forum-comment").first
    deepest.locator("[data-reply-to]").click()
    expect(page.locator("#respond-title")).to_have_text(re.compile("^Reply to "))


def permalink(page):
    """Where a comment's short link lands: its proposition, scrolled to the comment."""
    page.goto("/")
    page.locator(".forum-recent-comments a").first.click()
    expect(page.locator(".forum-comment:target")).to_be_visible()


def tag(page):
    """The propositions with a tag."""
    page.goto("/tags/transport/")
    expect(page.get_by_role("heading", level=1)).to_have_text("transport")


def sign_in_page(page):
    """The sign-in form."""
    page.goto("/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def sign_in_with_errors(page):
    """The sign-in form sent empty."""
    page.goto("/login")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address.")


def register(page):
    """The form to create an account."""
    page.goto("/register")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")


def register_with_errors(page):
    """The account form with a bad email address and nothing else."""
    page.goto("/register")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your name.")


def accessibility_statement(page):
    """The accessibility statement."""
    page.goto("/accessibility")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")


def not_found(page):
    """The friendly 404 page."""
    response = page.goto("/workstreams/no-such-workstream/")
    assert response.status == 404
    expect(page.get_by_role("link", name="Go to the summit's home page")).to_be_visible()


PAGES = [
    home,
    workstream,
    proposition,
    proposition_closed,
    proposition_as_admin,
    proposition_with_errors,
    proposition_with_preview,
    reply_form,
    reply_form_deep,
    permalink,
    tag,
    sign_in_page,
    sign_in_with_errors,
    register,
    register_with_errors,
    accessibility_statement,
    not_found,
]
