"""The summit set up and run from the browser alone, with no shell: the workspace's journeys.

An admin creates a workstream and names a newcomer its facilitator; the facilitator
drafts, previews, schedules and publishes a proposition with tags, edits it and
renames it; a visitor, in a browser of their own, sees at each step exactly what
they should. Then a facilitator writes and publishes with the keyboard alone, and
uses the editor with JavaScript off on a 320px phone.

Everything here is new (a workstream, an account, propositions, tags) under names
no other test uses, so the demo summit other tests read is left as it was.
"""

import re
from datetime import date

from tests.browser import pages
from tests.browser.support import assert_no_horizontal_scroll, expect, sign_in, tab_to

NEXT_YEAR = date.today().year + 1
# A time that exists every day of the year, whatever the clocks do.
PUBLISH_DAY = f"15 March {NEXT_YEAR} at 9:30am"


def heading(page):
    """The page's main heading."""
    return page.get_by_role("heading", level=1)


def banner(page, text: str) -> None:
    """Expect the success banner to say ``text``."""
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


def status(page, text: str) -> None:
    """Expect the editor to give the proposition this status (and when, if scheduled)."""
    expect(page.get_by_role("main").locator("p", has_text="Status:")).to_have_text(text)


def assert_not_found(page, url: str) -> None:
    """A visitor asking for ``url`` gets the 404 page, and nothing of the proposition."""
    response = page.goto(url)
    assert response.status == 404, f"{url} answered {response.status}, not 404"
    expect(heading(page)).to_have_text("Page not found")


def open_workspace(page) -> None:
    """Follow "Manage" in the site's navigation to the workspace."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Manage").click()
    expect(heading(page)).to_have_text("Your workspace")


def test_an_admin_sets_up_a_workstream_and_its_new_facilitator_publishes_a_proposition(site):
    """The issue's "done when", from the browser: set up, draft, schedule, publish, edit, rename."""
    n = pages.serial()
    number = 100 + n
    workstream = f"Repairs and Reuse {n}"
    name, email = f"Ola Brennan {n}", f"ola.brennan.{n}@example.net"
    title = f"A repair café in every ward {n}"
    slug = f"a-repair-cafe-in-every-ward-{n}"
    text = (
        "## Why\n\nA repair café in **every ward**, open on Saturdays.\n\n"
        "- volunteers fix things\n- nothing goes to landfill"
    )

    # A newcomer creates an account: they can comment, but have no workspace yet.
    newcomer = site.new_page()
    newcomer.goto("/")
    newcomer.get_by_role("link", name="Create an account").click()
    newcomer.get_by_label("Your name").fill(name)
    newcomer.get_by_label("Email address").fill(email)
    newcomer.get_by_label("Create a password").fill("fix it, don't bin it")
    newcomer.get_by_role("button", name="Create account").click()
    expect(newcomer.get_by_text(f"You are signed in as {name}.")).to_be_visible()
    navigation = newcomer.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Manage")).to_have_count(0)
    assert newcomer.goto("/manage/").status == 403

    # The admin creates a workstream from the workspace and names the newcomer.
    admin = site.new_page()
    sign_in(admin)
    open_workspace(admin)
    admin.get_by_role("main").get_by_role("link", name="Workstreams", exact=True).click()
    expect(heading(admin)).to_have_text("Workstreams")
    admin.get_by_role("button", name="Add a workstream").click()
    expect(heading(admin)).to_have_text("Add a workstream")
    admin.get_by_label("Title", exact=True).fill(workstream)
    admin.get_by_label("Proposition number").fill(str(number))
    admin.get_by_label("Short description").fill("Mending, sharing and lending.")
    admin.get_by_label("Description", exact=True).fill(
        "How can less of what we own be thrown away?"
    )
    admin.get_by_role("button", name="Create workstream").click()
    banner(admin, f"Workstream “{workstream}” created. Now name its facilitators.")
    expect(heading(admin)).to_have_text(f"Edit “{workstream}”")
    expect(admin.get_by_text("This workstream has no facilitators yet.")).to_be_visible()
    ws = admin.get_by_label("Web address").input_value()
    assert ws == f"repairs-and-reuse-{n}"
    adding = admin.locator("form", has=admin.get_by_role("button", name="Add facilitator"))
    adding.get_by_label("Email address").fill(email)
    adding.get_by_role("button", name="Add facilitator").click()
    banner(admin, f"{name} now facilitates “{workstream}”.")
    expect(admin.get_by_role("button", name=f"Remove {name} as a facilitator")).to_be_visible()

    # A visitor finds the workstream on the home page, with nothing published in it.
    visitor = site.new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name=f"Proposition {number}: {workstream}").click()
    expect(heading(visitor)).to_have_text(workstream)
    expect(visitor.get_by_text(f"Facilitated by {name}")).to_be_visible()
    nothing_yet = visitor.get_by_text("No propositions have been published in this workstream yet.")
    expect(nothing_yet).to_be_visible()

    # The facilitator now has a workspace, for their workstream only; they write a draft.
    facilitator = newcomer
    facilitator.goto("/")
    open_workspace(facilitator)
    expect(facilitator.get_by_role("heading", name="Run the summit")).to_have_count(0)
    facilitator.get_by_role("link", name=f"Write a proposition in {workstream}").click()
    expect(heading(facilitator)).to_have_text("Write a proposition")
    expect(facilitator.get_by_text(f"Proposition {number}: {workstream}")).to_be_visible()
    facilitator.get_by_label("Title", exact=True).fill(title)
    facilitator.get_by_label("Text", exact=True).fill(text)
    facilitator.get_by_label("Tags (optional)").fill("Repair cafés, Reuse")
    expect(facilitator.get_by_label("Draft", exact=True)).to_be_checked()

    facilitator.get_by_role("button", name="Preview").click()
    preview = facilitator.get_by_role("region", name="Preview")
    expect(preview).to_contain_text("Nothing has been saved yet.")
    expect(preview.get_by_role("heading", name="Why")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("every ward")
    expect(preview.get_by_role("listitem")).to_have_text(
        ["volunteers fix things", "nothing goes to landfill"]
    )
    expect(facilitator.get_by_label("Title", exact=True)).to_have_value(title)
    expect(facilitator.get_by_label("Tags (optional)")).to_have_value("Repair cafés, Reuse")

    facilitator.get_by_role("button", name="Save proposition").click()
    banner(facilitator, f"“{title}” was saved as a draft.")
    status(facilitator, "Status: Draft")
    expect(facilitator.get_by_label("Web address")).to_have_value(slug)
    address = f"/workstreams/{ws}/{slug}/"

    # A draft is nowhere to be seen: not at its address, its workstream or its tag.
    assert_not_found(visitor, address)
    visitor.goto(f"/workstreams/{ws}/")
    expect(nothing_yet).to_be_visible()
    visitor.goto("/tags/reuse/")
    expect(visitor.get_by_role("link", name=title)).to_have_count(0)

    # Scheduled for next year: still nowhere to be seen.
    facilitator.get_by_label("Scheduled", exact=True).check()
    facilitator.get_by_label("Day").fill("15")
    facilitator.get_by_label("Month").fill("3")
    facilitator.get_by_label("Year").fill(str(NEXT_YEAR))
    facilitator.get_by_label("Time to publish (only if scheduled)").fill("09:30")
    facilitator.get_by_role("button", name="Save proposition").click()
    banner(facilitator, f"“{title}” was saved. It will be published at the time you chose.")
    status(facilitator, f"Status: Scheduled (to be published {PUBLISH_DAY})")
    site.assert_accessible(facilitator, "the editor of a scheduled proposition, just saved")
    assert_not_found(visitor, address)

    # Published now: the visitor reads it, with its tags, in its workstream and by tag.
    facilitator.get_by_role("button", name="Publish this proposition now").click()
    banner(facilitator, f"“{title}” is published.")
    status(facilitator, "Status: Published")
    visitor.goto(f"/workstreams/{ws}/")
    visitor.get_by_role("link", name=title).click()
    expect(visitor).to_have_url(re.compile(f"{re.escape(address)}$"))
    expect(heading(visitor)).to_have_text(title)
    expect(visitor.get_by_role("article").locator("strong")).to_have_text("every ward")
    expect(visitor.get_by_text(f"By {name}, facilitator")).to_be_visible()
    expect(visitor.get_by_text("Updated")).to_have_count(0)
    tags = visitor.get_by_role("list", name="Tags").get_by_role("link")
    expect(tags).to_have_text(["Repair cafés", "Reuse"])
    tags.filter(has_text="Reuse").click()
    expect(heading(visitor)).to_have_text("Reuse")
    expect(visitor.get_by_role("link", name=title)).to_be_visible()

    # The facilitator changes the text: the visitor sees it was updated, and what changed.
    facilitator.get_by_label("Text", exact=True).fill(
        text.replace("on Saturdays.", "on Saturdays and one weekday evening.")
    )
    facilitator.get_by_role("button", name="Save proposition").click()
    banner(facilitator, f"“{title}” was saved and is published.")
    expect(
        facilitator.get_by_role("link", name="Earlier versions and what changed")
    ).to_be_visible()
    visitor.goto(address)
    expect(visitor.get_by_role("article")).to_contain_text("one weekday evening")
    expect(visitor.locator(".forum-meta", has_text="Updated")).to_be_visible()
    visitor.get_by_role("link", name="see what changed").click()
    expect(heading(visitor)).to_have_text("Earlier versions")
    expect(visitor.get_by_role("main")).to_contain_text("has been changed 1 time since")
    visitor.get_by_role("link", name=re.compile("^The text before the change of ")).click()
    expect(heading(visitor)).to_have_text(re.compile("^What changed since "))
    expect(visitor.get_by_text(f"before {name} changed it on")).to_be_visible()
    diff = visitor.locator(".forum-diff")
    expect(diff.locator("ins")).to_contain_text("one weekday evening")
    expect(diff.locator("del")).to_contain_text("Saturdays.")
    expect(diff).to_contain_text("nothing goes to landfill")

    # The facilitator renames it: the old address sends the visitor to the new one.
    renamed = f"Repair cafés in every ward and village {n}"
    new_slug = f"repair-cafes-everywhere-{n}"
    facilitator.get_by_label("Title", exact=True).fill(renamed)
    facilitator.get_by_label("Web address").fill(new_slug)
    facilitator.get_by_role("button", name="Save proposition").click()
    banner(facilitator, f"“{renamed}” was saved and is published.")
    response = visitor.goto(address)
    redirect = response.request.redirected_from
    assert redirect is not None, f"{address} answered {response.status} without redirecting"
    assert redirect.url.endswith(address)
    assert redirect.response().status == 301
    expect(visitor).to_have_url(re.compile(f"/workstreams/{ws}/{new_slug}/$"))
    expect(heading(visitor)).to_have_text(renamed)

    # The workspace lists it as published, and the audit log has every step.
    open_workspace(facilitator)
    expect(facilitator.get_by_role("heading", name="Published (1)")).to_be_visible()
    expect(facilitator.get_by_role("link", name=f"Edit {renamed}")).to_be_visible()
    admin.goto("/manage/audit")
    log = admin.get_by_role("main")
    for summary in [f"Wrote “{title}”", f"Published “{title}”", f"Edited “{renamed}”"]:
        expect(log.get_by_role("heading", name=summary)).to_be_visible()


def press(page, control, key: str = "Enter") -> None:
    """Tab to a link or button and press it, waiting for the page it loads."""
    tab_to(page, control)
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_facilitator_writes_previews_and_publishes_with_the_keyboard_alone(site):
    """From the home page to a published proposition with Tab, Enter and Space only."""
    page = site.new_page()
    sign_in(page, pages.SCRATCH_FACILITATOR)
    title = pages.unique("Tool libraries in every ward")
    page.goto("/")

    press(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Manage"))
    expect(heading(page)).to_have_text("Your workspace")
    press(page, page.get_by_role("link", name="Write a proposition in Homes and Neighbourhoods"))
    expect(heading(page)).to_have_text("Write a proposition")

    tab_to(page, page.get_by_label("Title", exact=True))
    page.keyboard.type(title)
    tab_to(page, page.get_by_label("Text", exact=True))
    page.keyboard.type("Lend **drills and ladders** from the library.\n\n- by the day\n- for free")
    tab_to(page, page.get_by_label("Tags (optional)"))
    page.keyboard.type("Repair cafés, Reuse")
    press(page, page.get_by_role("button", name="Preview"))
    expect(page.get_by_role("region", name="Preview").locator("strong")).to_have_text(
        "drills and ladders"
    )

    press(page, page.get_by_role("button", name="Save proposition"))
    banner(page, f"“{title}” was saved as a draft.")
    # A draft has no page on the site and no earlier versions: no links, and no empty list.
    expect(page.get_by_role("main").locator("ul:not(:has(li))")).to_have_count(0)
    press(page, page.get_by_role("button", name="Publish this proposition now"), key="Space")
    banner(page, f"“{title}” is published.")
    status(page, "Status: Published")

    press(page, page.get_by_role("link", name=f"View “{title}” on the site"))
    expect(heading(page)).to_have_text(title)
    expect(page.get_by_role("list", name="Tags").get_by_role("link")).to_have_text(
        ["Repair cafés", "Reuse"]
    )


def test_the_editor_works_without_javascript_on_a_phone(site):
    """With JavaScript off at 320px: an error and its fix, a preview, scheduling, publishing."""
    page = site.new_page(javascript=False, width=320, height=640)
    visitor = site.new_page(javascript=False, width=320, height=640)
    sign_in(page, pages.SCRATCH_FACILITATOR)
    title = pages.unique("Pop-up repair stalls at markets")
    page.goto("/manage/")
    page.get_by_role("link", name="Write a proposition in Homes and Neighbourhoods").click()
    assert_no_horizontal_scroll(page, "the editor")

    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Text", exact=True).fill("Stalls at every *market*, once a month.")
    page.get_by_label("Tags (optional)").fill("Repair cafés")
    page.get_by_label("Scheduled", exact=True).check()
    page.get_by_label("Day").fill("15")
    page.get_by_label("Month").fill("March")
    page.get_by_label("Year").fill(str(NEXT_YEAR))
    page.get_by_role("button", name="Save proposition").click()

    # The time was forgotten: the form says so, keeping everything typed.
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    message = "Enter the time to publish the proposition, like 14:30."
    expect(summary).to_contain_text(message)
    expect(page.locator("#publish_time-error")).to_have_text(f"Error: {message}")
    expect(page.get_by_label("Month")).to_have_value("March")
    expect(page.get_by_label("Scheduled", exact=True)).to_be_checked()
    assert_no_horizontal_scroll(page, "the editor with an error")
    site.assert_accessible(page, "the editor with an error [no-js, 320px]")
    summary.get_by_role("link", name=message).click()
    time = page.get_by_label("Time to publish (only if scheduled)")
    expect(time).to_be_focused()
    time.fill("9:30am")

    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("region", name="Preview").locator("em")).to_have_text("market")
    expect(time).to_have_value("9:30am")
    assert_no_horizontal_scroll(page, "the editor's preview")

    page.get_by_role("button", name="Save proposition").click()
    banner(page, f"“{title}” was saved. It will be published at the time you chose.")
    status(page, f"Status: Scheduled (to be published {PUBLISH_DAY})")
    # Not public yet, so there is nothing on the site to view.
    expect(page.get_by_role("link", name=f"View “{title}” on the site")).to_have_count(0)
    slug = page.get_by_label("Web address").input_value()
    assert_not_found(visitor, f"/workstreams/{pages.SCRATCH}/{slug}/")

    page.get_by_role("button", name="Publish this proposition now").click()
    banner(page, f"“{title}” is published.")
    assert_no_horizontal_scroll(page, "the editor of a published proposition")
    visitor.goto(f"/workstreams/{pages.SCRATCH}/{slug}/")
    expect(heading(visitor)).to_have_text(title)
    expect(visitor.get_by_role("article").locator("em")).to_have_text("market")


def test_the_workspace_pages_name_the_way_back_alike_and_show_where_you_are(site):
    """Breadcrumbs name the workspace as its heading does; the admin menu shows where you are."""
    page = site.new_page()
    sign_in(page)
    page.goto("/manage/")
    expect(heading(page)).to_have_text("Your workspace")
    for address, current in [
        ("/manage/workstreams/", "Workstreams"),
        ("/manage/workstreams/new", None),
        ("/manage/workstreams/getting-around/edit", None),
        ("/manage/people/", "People"),
        ("/manage/settings", "Site settings"),
        ("/manage/audit", "Audit log"),
        (f"/manage/workstreams/{pages.FACILITATED}/propositions/new", None),
    ]:
        page.goto(address)
        crumbs = page.get_by_role("navigation", name="Breadcrumb")
        expect(crumbs.get_by_role("link", name="Your workspace")).to_have_attribute(
            "href", "/manage/"
        )
        if current is None:
            continue
        menu = page.get_by_role("navigation", name="Running the summit")
        here = menu.get_by_role("link", name=current, exact=True)
        expect(here).to_have_attribute("aria-current", "page")
        expect(here).to_have_css("font-weight", "700")
        expect(menu.locator("a[aria-current]")).to_have_count(1)
        expect(menu.locator("a:not([aria-current])").first).to_have_css("font-weight", "400")
