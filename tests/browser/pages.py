"""Ways to reach each kind of page in a state a person meets, checking it got there.

Shared by the accessibility and layout tests: each takes a fresh page and leaves it
showing one kind of page.

The demo summit is shared by every test in the session. Pages that need something
saved first (an earlier version of a proposition) save it through the browser, as
a facilitator would, in a quiet workstream and under a title no other test uses;
the forms shown with errors save nothing.
"""

import itertools
import re

from tests.browser.support import (
    DEMO_FACILITATOR,
    SECOND_PROVIDER,
    expect,
    sign_in_with_provider,
    signed_in,
    through_provider,
)

DEEP = "/workstreams/digital-public-services/every-service-without-the-internet/"
SMALL = "/workstreams/digital-public-services/plain-english-data-register/"
CLOSED = "/workstreams/homes-and-neighbourhoods/tenants-repairs-charter/"
# Mei Chen (support.DEMO_FACILITATOR) runs this workstream and no other.
FACILITATED = "learning-and-libraries"
# Propositions written by these pages go here: a workstream whose only page other
# tests read is CLOSED. Tomasz Nowak facilitates it.
SCRATCH = "homes-and-neighbourhoods"
SCRATCH_FACILITATOR = "tomasz@example.org"
# Comments written by these pages go here, as this participant (published at once): a
# proposition no other browser test reads.
SCRATCH_PROPOSITION = "/workstreams/health-and-care/named-contact-for-unpaid-carers/"
DEMO_PARTICIPANT = "rosa@example.com"

_serial = itertools.count(1)


def serial() -> int:
    """Return a number no other page or test in this session has had."""
    return next(_serial)


def unique(text: str) -> str:
    """Make a title no other page or test in this session uses: "Repair cafés 7"."""
    return f"{text} {serial()}"


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


def proposition_all_comments(page):
    """A proposition's whole discussion on one page: every thread, no pages."""
    page.goto(f"{DEEP}?page=all")
    expect(page.locator(".forum-thread--replies " * 4).first).to_be_attached()
    expect(page.get_by_role("navigation", name="Pages of comments")).to_have_count(0)


def proposition_closed(page):
    """A proposition that no longer takes comments."""
    page.goto(CLOSED)
    expect(page.get_by_role("heading", name="Comments are closed")).to_be_visible()


def proposition_as_admin(page):
    """A proposition as the admin sees it: held comments in place, a menu open on one."""
    signed_in(page)
    page.goto(DEEP)
    expect(page.get_by_text("Awaiting moderation.").first).to_be_visible()
    held = page.locator(".forum-comment", has_text="Awaiting moderation.").first
    held.locator("[data-moderation-menu] summary").click()
    expect(held.get_by_role("button", name=re.compile("^Approve")).first).to_be_visible()


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


def search_results(page):
    """Propositions found by a search."""
    page.goto("/search")
    page.get_by_label("Words to look for").fill("library")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile("found for “library”"))
    ).to_be_visible()


def sign_in_page(page):
    """The sign-in form."""
    page.goto("/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def sign_in_with_errors(page):
    """The sign-in form sent empty."""
    page.goto("/login")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address.")


def profile(page):
    """A local account's profile: name, website, ways to sign in, linking another."""
    signed_in(page)
    page.goto("/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_role("button", name=f"Link {SECOND_PROVIDER}")).to_be_visible()


def profile_signed_in_with_provider(page):
    """The profile of someone who signed in with a provider: their linked account listed."""
    sign_in_with_provider(page, f"page-reader-{serial()}")
    page.goto("/profile/")
    expect(page.locator("[data-identity=summitid]")).to_contain_text("Summit ID")
    expect(page.get_by_text("Your only way to sign in")).to_be_visible()


def profile_with_errors(page):
    """The profile form sent with a blank name and a website that is not one."""
    signed_in(page)
    page.goto("/profile/")
    page.get_by_label("Your name").fill("")
    page.get_by_label("Website (optional)").fill("not a website")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your name.")


def confirm_link(page):
    """The question before a second way to sign in is linked to a profile."""
    sign_in_with_provider(page, f"page-linker-{serial()}")
    page.goto("/profile/")
    through_provider(page, page.get_by_role("button", name=f"Link {SECOND_PROVIDER}").click)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Link {SECOND_PROVIDER} to your profile?"
    )


def moderation_queue(page):
    """The moderation queue of a facilitator, with a held comment in it."""
    signed_in(page, DEMO_FACILITATOR)
    page.goto("/moderation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    expect(page.get_by_role("link", name=re.compile("^Remove")).first).to_be_visible()


def moderation_queue_as_admin(page):
    """The admin's queue: every workstream, with a filter, on the Reported tab."""
    signed_in(page)
    page.goto("/moderation/?tab=reported")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")


def moderation_remove_with_errors(page):
    """Removing a comment without saying why."""
    moderation_queue(page)
    page.get_by_role("link", name=re.compile("^Remove.* with a reason$")).first.click()
    page.get_by_role("button", name="Remove the comment").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def moderation_edit(page):
    """A facilitator editing a comment from the queue."""
    moderation_queue(page)
    page.get_by_role("link", name=re.compile("^Edit")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit the comment by")


def moderation_reply(page):
    """A facilitator replying to a held comment from the queue."""
    moderation_queue(page)
    page.get_by_role("link", name=re.compile("^Approve and reply")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reply to")


def moderation_author(page):
    """All of one author's comments in the facilitator's workstreams."""
    moderation_queue(page)
    page.get_by_role("link", name=re.compile("^All their comments")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comments by")


def moderation_suspend_with_errors(page):
    """Suspending someone without a reason."""
    moderation_queue(page)
    page.get_by_role("link", name=re.compile("^Suspend ")).first.click()
    page.get_by_role("button", name=re.compile("^Suspend ")).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def moderation_find_author(page):
    """The form to find a person's comments by email."""
    signed_in(page, DEMO_FACILITATOR)
    page.goto("/moderation/authors/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person's comments")


def moderation_decisions(page):
    """The facilitators' log of decisions, with undo."""
    signed_in(page, DEMO_FACILITATOR)
    page.goto("/moderation/log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decisions and undo")


def moderation_suspensions(page):
    """The admin's list of suspensions."""
    signed_in(page)
    page.goto("/moderation/suspensions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suspensions")


def public_moderation_log(page):
    """A workstream's public moderation log."""
    page.goto(f"/workstreams/{FACILITATED}/moderation-log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation log")


def report_comment_with_errors(page):
    """Reporting a comment as "something else" without saying what."""
    page.goto(SMALL)
    page.locator("[data-report-comment]").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a comment")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _own_comment(page):
    """Post a comment as a demo participant in the scratch workstream; return to it."""
    signed_in(page, DEMO_PARTICIPANT)
    page.goto(SCRATCH_PROPOSITION)
    page.get_by_label("Your comment").fill(unique("Could the named contact ring on Fridays?"))
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment has been published.")).to_be_visible()


def edit_own_comment(page):
    """An author editing their comment in its first minutes."""
    _own_comment(page)
    page.locator(".forum-comment:target [data-edit-comment]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your comment")


def delete_own_comment(page):
    """The question before an author deletes their comment."""
    _own_comment(page)
    page.locator(".forum-comment:target [data-delete-comment]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to delete your comment?"
    )


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


def workspace(page):
    """A facilitator's workspace: their workstreams, then their propositions by stage."""
    signed_in(page, DEMO_FACILITATOR)
    page.goto("/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your workspace")
    expect(page.get_by_role("link", name="Write a proposition in Learning")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Published \(\d+\)$"))).to_be_visible()


def workspace_as_admin(page):
    """The admin's workspace, which links to running the summit too."""
    signed_in(page)
    page.goto("/manage/")
    expect(page.get_by_role("heading", name="Run the summit")).to_be_visible()


def editor_new(page):
    """The editor for a new proposition, empty."""
    signed_in(page, DEMO_FACILITATOR)
    page.goto(f"/manage/workstreams/{FACILITATED}/propositions/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a proposition")


def editor_with_errors(page):
    """The proposition editor sent empty: error summary and messages by each field."""
    editor_new(page)
    page.get_by_role("button", name="Save proposition").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title.")
    expect(page.locator("#title-error")).to_have_text("Error: Enter a title.")


def editor_schedule_with_errors(page):
    """The editor set to Scheduled with no text, date or time: errors by the date's boxes."""
    editor_new(page)
    page.get_by_label("Title", exact=True).fill("Saturday homework clubs")
    page.get_by_label("Scheduled", exact=True).check()
    page.get_by_role("button", name="Save proposition").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date to publish the proposition.")
    expect(summary).to_contain_text("Enter the time to publish the proposition, like 14:30.")
    expect(page.locator("#publish_date-day")).to_have_class(re.compile("govuk-input--error"))


def editor_preview(page):
    """A new proposition's preview above the editor, still filled in."""
    editor_new(page)
    page.get_by_label("Title", exact=True).fill("Saturday homework clubs")
    page.get_by_label("Text", exact=True).fill("## Why\n\nA **quiet** place:\n\n- desks\n- tutors")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("quiet")
    expect(page.get_by_label("Title", exact=True)).to_have_value("Saturday homework clubs")


def editor_published(page):
    """A published proposition in the editor, with its status and the Archive button."""
    signed_in(page, "joan@example.org")
    page.goto("/manage/")
    page.get_by_role(
        "link", name="Edit Every council service reachable without the internet"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit proposition")
    expect(page.get_by_role("button", name="Archive this proposition")).to_be_visible()


def admin_workstreams(page):
    """The admin's list of workstreams, with buttons to reorder them."""
    signed_in(page)
    page.goto("/manage/workstreams/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workstreams")
    expect(page.get_by_role("button", name="Move down Health, Care and Wellbeing")).to_be_visible()


def admin_new_workstream(page):
    """The form to add a workstream."""
    signed_in(page)
    page.goto("/manage/workstreams/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a workstream")


def admin_new_workstream_with_errors(page):
    """A new workstream whose web address another workstream has."""
    admin_new_workstream(page)
    page.get_by_label("Title").fill("Health, again")
    page.get_by_label("Proposition number").fill("998")
    page.get_by_label("Web address").fill("health-and-care")
    page.get_by_role("button", name="Create workstream").click()
    expect(page.locator("#slug-error")).to_contain_text(
        "Another workstream already uses this web address."
    )


def admin_edit_workstream(page):
    """A workstream's form, with its facilitators and the form to add one."""
    signed_in(page)
    page.goto("/manage/workstreams/health-and-care/edit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Health, Care and Wellbeing”")
    expect(page.get_by_role("button", name="Remove Amara Okafor as a facilitator")).to_be_visible()


def admin_add_facilitator_with_errors(page):
    """Adding a facilitator by an email address no account has."""
    admin_edit_workstream(page)
    form = page.locator("form", has=page.get_by_role("button", name="Add facilitator"))
    form.get_by_label("Email address").fill("nobody.here@example.org")
    form.get_by_role("button", name="Add facilitator").click()
    expect(page.locator("#email-error")).to_contain_text("No account uses this email address.")


def admin_people(page):
    """Everyone with an account, a page at a time."""
    signed_in(page)
    page.goto("/manage/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ people$"))).to_be_visible()


def admin_people_search(page):
    """People found by a search, and the link to show everyone again."""
    admin_people(page)
    page.get_by_label("Search by name or email address").fill("example.com")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("matching “example.com”$"))).to_be_visible()
    expect(page.get_by_role("link", name="Show everyone")).to_be_visible()


def admin_person(page):
    """One person's account: their role and the workstreams they facilitate."""
    signed_in(page)
    page.goto("/manage/people/?q=tomasz")
    page.get_by_role("link", name="Tomasz Nowak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tomasz Nowak")
    expect(page.get_by_role("button", name="Stop facilitating Getting Around")).to_be_visible()


def admin_settings(page):
    """The summit's settings."""
    signed_in(page)
    page.goto("/manage/settings")
    expect(page.get_by_role("heading", level=1)).to_have_text("Site settings")


def admin_settings_with_errors(page):
    """The settings sent with a time zone that doesn't exist."""
    admin_settings(page)
    page.get_by_label("Time zone").fill("Europe/Atlantis")
    page.get_by_role("button", name="Save settings").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator("#timezone-error")).to_contain_text(
        "Enter a time zone name from the IANA list, like Europe/London"
    )


def admin_audit(page):
    """The audit log: every change made in the workspace, newest first."""
    signed_in(page)
    page.goto("/manage/audit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.locator(".govuk-summary-card").first).to_be_visible()


def revised_proposition(page) -> str:
    """Publish a new proposition as its facilitator, then change its text; return its address.

    Leaves the page on the editor, signed in, the editor now linking to earlier versions.
    """
    signed_in(page, SCRATCH_FACILITATOR)
    page.goto(f"/manage/workstreams/{SCRATCH}/propositions/new")
    title = unique("Repair cafés in every ward")
    page.get_by_label("Title", exact=True).fill(title)
    text = page.get_by_label("Text", exact=True)
    text.fill("Open a repair café in every ward.\n\nVolunteers fix what they can.")
    page.get_by_label("Published", exact=True).check()
    page.get_by_role("button", name="Save proposition").click()
    expect(page.get_by_text(f"“{title}” was saved and is published.")).to_be_visible()
    text.fill("Open a repair café in every ward, once a month.\n\nVolunteers fix what they can.")
    page.get_by_role("button", name="Save proposition").click()
    expect(page.get_by_text(f"“{title}” was saved and is published.")).to_be_visible()
    view = page.get_by_role("link", name=f"View “{title}” on the site")
    return view.get_attribute("href")


def revisions(page):
    """A proposition's earlier versions, as a visitor sees them, after its text was changed."""
    revised_proposition(page)
    versions = page.get_by_role("link", name="Earlier versions and what changed")
    address = versions.get_attribute("href")
    page.context.clear_cookies()
    page.goto(address)
    expect(page.get_by_role("heading", level=1)).to_have_text("Earlier versions")
    expect(
        page.get_by_role("link", name=re.compile("^The text before the change of "))
    ).to_have_count(1)


def revision(page):
    """What changed between an earlier version of a proposition and its current text."""
    revisions(page)
    page.get_by_role("link", name=re.compile("^The text before the change of ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^What changed since "))
    expect(page.locator(".forum-diff ins")).to_contain_text("once a month")


PAGES = [
    home,
    workstream,
    proposition,
    proposition_all_comments,
    proposition_closed,
    proposition_as_admin,
    proposition_with_errors,
    proposition_with_preview,
    reply_form,
    reply_form_deep,
    permalink,
    tag,
    search_results,
    sign_in_page,
    sign_in_with_errors,
    profile,
    profile_signed_in_with_provider,
    profile_with_errors,
    confirm_link,
    moderation_queue,
    moderation_queue_as_admin,
    moderation_remove_with_errors,
    moderation_edit,
    moderation_reply,
    moderation_author,
    moderation_suspend_with_errors,
    moderation_find_author,
    moderation_decisions,
    moderation_suspensions,
    public_moderation_log,
    report_comment_with_errors,
    edit_own_comment,
    delete_own_comment,
    register,
    register_with_errors,
    accessibility_statement,
    not_found,
    workspace,
    workspace_as_admin,
    editor_new,
    editor_with_errors,
    editor_schedule_with_errors,
    editor_preview,
    editor_published,
    admin_workstreams,
    admin_new_workstream,
    admin_new_workstream_with_errors,
    admin_edit_workstream,
    admin_add_facilitator_with_errors,
    admin_people,
    admin_people_search,
    admin_person,
    admin_settings,
    admin_settings_with_errors,
    admin_audit,
    revisions,
    revision,
]
