"""What readers see of the workspace's work: renamed addresses, schedules, revisions, archives.

These pages are in forum/workstreams/views.py; their tests live here, beside the
editor that makes what they show.
"""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from forum.extensions import db
from forum.models import Comment, Proposition, PropositionStatus
from tests import factories
from tests.conftest import count_queries, post_form, sign_in
from tests.manage.support import NEW_A, edit_url, form, proposition_row, text

OLD = "/workstreams/public-services/open-every-library-on-sundays/"
NEW = "/workstreams/public-services/sunday-libraries/"


def edit(client, site, **changes):
    """Save proposition A in the editor, as its facilitator, with these changes."""
    url = edit_url(site.prop_a_id)
    values = {
        "title": "Open every library on Sundays",
        "slug": "open-every-library-on-sundays",
        "body": "We propose **this**.",
        "tags": "Libraries",
    }
    response = post_form(client, url, url, form(**{**values, **changes}))
    assert response.status_code == 303, text(response)[:1000]
    return response


def facilitator(app, site):
    """Return a client signed in as workstream A's facilitator."""
    client = app.test_client()
    sign_in(client, site.facilitator)
    return client


def test_a_renamed_proposition_redirects_from_its_old_address(app, client, site):
    edit(facilitator(app, site), site, slug="sunday-libraries")
    response = client.get(OLD)
    assert response.status_code == 301 and response.headers["Location"] == NEW
    assert "no-cache" in response.headers["Cache-Control"]
    assert client.get(NEW).status_code == 200


def test_the_query_string_survives_the_redirect(app, client, site):
    edit(facilitator(app, site), site, slug="sunday-libraries")
    response = client.get(f"{OLD}?page=2&reply_to=5&tag=a%20b&tag=c")
    assert response.status_code == 301
    assert response.headers["Location"] == f"{NEW}?page=2&reply_to=5&tag=a+b&tag=c"
    revisions = client.get(f"{OLD}revisions/?page=3")
    assert revisions.headers["Location"] == f"{NEW}revisions/?page=3"


def test_comment_links_reach_the_renamed_page_with_their_anchor(app, client, site):
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        comment = factories.comment(prop, "Still here")
        db.session.commit()
        comment_id = comment.id
    edit(facilitator(app, site), site, slug="sunday-libraries")
    response = client.get(f"/c/{comment_id}")
    assert response.headers["Location"] == f"{NEW}#comment-{comment_id}"
    assert f'id="comment-{comment_id}"' in text(client.get(NEW))


def test_renaming_back_and_forth_never_loops(app, client, site):
    fiona = facilitator(app, site)
    edit(fiona, site, slug="sunday-libraries")
    edit(fiona, site, slug="open-every-library-on-sundays")
    assert client.get(OLD).status_code == 200
    response = client.get(NEW)
    assert response.status_code == 301 and response.headers["Location"] == OLD


def test_old_addresses_of_hidden_or_other_propositions_are_not_found(app, client, site):
    fiona = facilitator(app, site)
    edit(fiona, site, slug="sunday-libraries")
    # The old slug belongs to workstream A only.
    assert client.get("/workstreams/climate/open-every-library-on-sundays/").status_code == 404
    assert client.get("/workstreams/public-services/never-was/").status_code == 404
    edit(fiona, site, slug="sunday-libraries", status="draft")
    assert client.get(OLD).status_code == 404 and client.get(NEW).status_code == 404


def test_the_page_runs_no_more_queries_for_an_updated_proposition(app, client, site):
    with count_queries(app) as before:
        assert client.get(OLD).status_code == 200
    edit(facilitator(app, site), site, body="A new text.")
    with count_queries(app) as after:
        page = text(client.get(OLD))
    assert "Updated" in page and len(after) == len(before)


def test_a_scheduled_proposition_appears_by_itself_at_its_time(app, client, site, clock):
    when = clock.now + timedelta(days=2)
    local = when.astimezone(ZoneInfo("Europe/London"))
    fiona = facilitator(app, site)
    response = post_form(
        fiona,
        NEW_A,
        NEW_A,
        form(
            title="Night buses",
            status="scheduled",
            publish_date=[str(local.day), str(local.month), str(local.year)],
            publish_time=f"{local:%H:%M}",
        ),
    )
    assert response.status_code == 303
    url = "/workstreams/public-services/night-buses/"
    assert client.get(url).status_code == 404
    assert "Night buses" not in text(client.get("/workstreams/public-services/"))
    assert "Scheduled (1)" in text(fiona.get("/manage/"))

    clock.set(when.replace(second=0, microsecond=0) - timedelta(seconds=1))
    assert client.get(url).status_code == 404
    clock.set(when.replace(second=0, microsecond=0))
    assert client.get(url).status_code == 200
    assert "Night buses" in text(client.get("/workstreams/public-services/"))
    board = text(fiona.get("/manage/"))
    assert "Scheduled (0)" in board and "Published (2)" in board
    assert proposition_row(app, slug="night-buses")["status"] == PropositionStatus.SCHEDULED


def test_readers_see_updated_and_the_changes(app, client, site):
    fiona = facilitator(app, site)
    edit(fiona, site, body="We propose **this**, on <b>Sundays</b>.")
    edit(fiona, site, title="Libraries on Sundays", body="We propose **that**, on <b>Sundays</b>.")
    page = text(client.get(OLD))
    assert re.search(r"· Updated <time datetime=\"[^\"]+\">\d+ \w+ \d{4}</time>", page)
    assert f'href="{OLD}revisions/">see what changed</a>' in page

    listing = text(client.get(f"{OLD}revisions/"))
    ids = re.findall(rf'href="{OLD}revisions/(\d+)/"', listing)
    assert len(ids) == 2 and int(ids[0]) > int(ids[1])  # newest first
    assert "changed 2 times" in listing and "Changed by Fiona Facilitator" in listing

    oldest = text(client.get(f"{OLD}revisions/{ids[1]}/"))
    assert '<dd class="govuk-summary-list__value">Open every library on Sundays</dd>' in oldest
    assert (
        '<del><span class="govuk-visually-hidden">[removed: </span>**this**.'
        '<span class="govuk-visually-hidden">, end of removed text]</span></del>'
        '<ins><span class="govuk-visually-hidden">[added: </span>'
        "**that**, on &lt;b&gt;Sundays&lt;/b&gt;."
        '<span class="govuk-visually-hidden">, end of added text]</span></ins>'
    ) in oldest
    assert "<b>Sundays</b>" not in oldest
    newest = text(client.get(f"{OLD}revisions/{ids[0]}/"))
    assert "[removed: </span>**this**," in newest and "[added: </span>**that**," in newest


def test_revision_pages_are_for_public_propositions_and_their_own_revisions(app, client, site):
    fiona = facilitator(app, site)
    assert "has not been changed since" in text(client.get(f"{OLD}revisions/"))
    edit(fiona, site, body="Changed.")
    listing = text(client.get(f"{OLD}revisions/"))
    [revision_id] = re.findall(rf'href="{OLD}revisions/(\d+)/"', listing)
    assert client.get(f"{site.prop_b_url}revisions/{revision_id}/").status_code == 404
    assert client.get(f"{OLD}revisions/999/").status_code == 404
    edit(fiona, site, body="Changed.", status="draft")
    assert client.get(f"{OLD}revisions/").status_code == 404
    assert client.get(f"{OLD}revisions/{revision_id}/").status_code == 404


def test_an_archived_proposition_stays_readable_with_comments_closed(app, client, site):
    edit(facilitator(app, site), site, status="archived")
    page = text(client.get(OLD))
    assert "This proposition has been archived." in page and "Comments are closed" in page
    assert 'name="body"' not in page
    listing = text(client.get("/workstreams/public-services/"))
    assert "Open every library on Sundays" in listing and "· Archived" in listing
    guest = {"body": "Too late", "name": "Jo", "email": "jo@example.org"}
    response = post_form(client, "/login", f"{OLD}comments", guest)
    assert response.status_code == 422
    with app.app_context():
        assert db.session.query(Comment).count() == 0


def test_comments_close_by_themselves_after_the_days_set(app, client, site, clock):
    edit(facilitator(app, site), site, close_after_days="3")
    assert 'name="body"' in text(client.get(OLD))
    published = proposition_row(app, id=site.prop_a_id)["published_at"]
    clock.set(published + timedelta(days=3))
    assert "Comments are closed" in text(client.get(OLD))
