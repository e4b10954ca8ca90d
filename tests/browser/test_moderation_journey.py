"""Moderating a discussion, in a real browser, as the people involved see it.

A guest posts a spammy first comment (held); a participant posts a comment that gets
a reply. The facilitator sees the count in the header, clears the queue, undoes a
mistake, removes the off-topic comment from the discussion page with a reason (its
reply stays, under a placeholder), suspends the spammer and finds every decision in
the workstream's public log, which names nobody. The participant sees why their
comment went and asks for a review, which reaches the queue.
"""

import re

from tests.browser.support import DEMO_FACILITATOR, DEMO_PASSWORD, expect, sign_in

# Mei Chen facilitates Learning, Libraries and Young People; no other test reads this page.
ADDRESS = "/workstreams/learning-and-libraries/paid-first-jobs-16-to-18/"
LOG = "/workstreams/learning-and-libraries/moderation-log"
COMMENT_URL = re.compile(r"#comment-(\d+)$")


def notice(page, text: str):
    """The notice at the top of the page that says ``text``."""
    return page.locator(".govuk-notification-banner__heading", has_text=text)


def _post(page, text: str) -> str:
    """Post the comment form as it is filled in; return the new comment's number."""
    page.get_by_label("Your comment").fill(text)
    page.get_by_role("button", name=re.compile("^Post (comment|reply)$")).click()
    expect(page).to_have_url(COMMENT_URL)
    return COMMENT_URL.search(page.url).group(1)


def test_a_facilitator_clears_the_queue_undoes_a_mistake_and_it_is_all_in_the_log(site):
    # A guest's first comment, full of links: held for a facilitator.
    guest = site.new_page()
    guest.goto(ADDRESS)
    guest.get_by_label("Name", exact=True).fill("Sam Seller")
    guest.get_by_label("Email address").fill("sam.seller@example.net")
    spam = _post(guest, "Cheap watches! https://a.example https://b.example https://c.example")
    expect(guest.locator(f"#comment-{spam}")).to_contain_text("awaiting moderation")

    # A participant with an account comments; someone replies to them.
    author = site.new_page()
    author.goto("/register")
    author.get_by_label("Your name").fill("Jo Journey")
    author.get_by_label("Email address").fill("jo.journey@example.org")
    author.get_by_label("Create a password").fill(DEMO_PASSWORD)
    author.get_by_role("button", name="Create account").click()
    author.goto(ADDRESS)
    off_topic = _post(author, "Has anyone seen the match last night? What a goal.")
    replier = site.new_page()
    sign_in(replier, "rosa@example.com")
    replier.goto(f"{ADDRESS}?reply_to={off_topic}#respond")
    reply = _post(replier, "Let's keep to paid first jobs, please.")

    # The facilitator sees what waits for them from any page.
    mei = site.new_page()
    sign_in(mei, DEMO_FACILITATOR)
    mei.get_by_role("link", name=re.compile(r"^Moderation \(\d+")).click()
    item = mei.locator(f"#item-{spam}")
    expect(item).to_contain_text("Sam Seller")
    expect(item).to_contain_text("links (more than 2)")
    site.assert_accessible(mei, "the moderation queue with a held comment")

    # A mistake, undone from the notice: approved by accident, back in the queue.
    item.get_by_role("button", name="Approve the comment by Sam Seller").click()
    expect(notice(mei, "You approved the comment by Sam Seller.")).to_be_visible()
    mei.get_by_role("button", name=re.compile("^Undo")).click()
    expect(mei.get_by_text(re.compile("Undone"))).to_be_visible()
    mei.goto("/moderation/")
    item = mei.locator(f"#item-{spam}")
    item.get_by_role("button", name="Mark as spam the comment by Sam Seller").click()
    expect(notice(mei, "You marked as spam the comment by Sam Seller.")).to_be_visible()

    # Off-topic, removed in place from the discussion, with a reason.
    mei.goto(f"{ADDRESS}#comment-{off_topic}")
    comment = mei.locator(f"#comment-{off_topic}")
    comment.get_by_text("Moderate the comment by Jo Journey").click()
    comment.get_by_role("link", name=re.compile("^Remove.* with a reason$")).click()
    mei.get_by_label("Off-topic").check()
    mei.get_by_role("button", name="Remove the comment").click()
    expect(notice(mei, "You removed the comment by Jo Journey.")).to_be_visible()

    # Readers see a placeholder with the reason, and the reply is still there.
    visitor = site.new_page()
    visitor.goto(ADDRESS)
    placeholder = visitor.locator(f"#comment-{off_topic}")
    expect(placeholder).to_contain_text("This comment was removed by a facilitator on")
    expect(placeholder).to_contain_text("Off-topic")
    expect(placeholder).not_to_contain_text("What a goal")
    expect(placeholder).not_to_contain_text("Jo Journey")
    expect(visitor.locator(f"#comment-{reply}")).to_contain_text("keep to paid first jobs")
    expect(visitor.locator(f"#comment-{spam}")).to_have_count(0)
    site.assert_accessible(visitor, "a discussion with a removed comment's placeholder")

    # The author is told why, and asks for a review.
    author.goto(ADDRESS)
    own = author.locator(f"#comment-{off_topic}")
    expect(own).to_contain_text("Off-topic")
    site.assert_accessible(author, "the discussion as the author of a removed comment")
    own.get_by_role("link", name=re.compile("^Ask for a review")).click()
    site.assert_accessible(author, "the form to ask for a review")
    author.get_by_label(re.compile("review|why", re.I)).first.fill(
        "It was a joke to break the ice; happy to reword it."
    )
    author.get_by_role("button", name="Send request").click()
    expect(author.locator(".govuk-notification-banner")).to_be_visible()
    mei.goto("/moderation/?tab=review")
    expect(mei.locator(f"#item-{off_topic}")).to_contain_text("happy to reword it")

    # The spammer is suspended from their queue item.
    mei.goto("/moderation/?tab=spam")
    mei.locator(f"#item-{spam}").get_by_role("link", name="Suspend Sam Seller").click()
    mei.get_by_label("1 month").check()
    mei.get_by_label("Why are you suspending them?").fill("Advertising watches")
    mei.get_by_role("button", name="Suspend Sam Seller").click()
    expect(mei.locator(".govuk-notification-banner")).to_contain_text("Sam Seller")

    # The public log lists every decision with its reason, and names nobody.
    visitor.goto(LOG)
    log = visitor.locator("main")
    expect(log).to_contain_text("Removed a comment")
    expect(log).to_contain_text("Off-topic")
    expect(log).to_contain_text("Suspended a participant")
    expect(log).to_contain_text("Undid an earlier decision")
    for private in ("Sam Seller", "sam.seller@example.net", "Jo Journey", "What a goal"):
        expect(log).not_to_contain_text(private)
    site.assert_accessible(visitor, "a workstream's public moderation log")
