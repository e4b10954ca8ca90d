"""The public thread as JSON: an ETag, 304 when nothing changed, cached or not."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import PropositionStatus, User, Workstream, utcnow
from tests import factories
from tests.conftest import sign_in
from tests.pagecache.support import add_comment, served, thread_url

CACHE_ON_AND_OFF = pytest.mark.parametrize(
    "app_config", [{}, {"PAGE_CACHE": "off"}], ids=["cache", "no-cache"], indirect=True
)


def cache_says(app, kind: str) -> str | None:
    """Return the X-Forum-Cache header expected for a "hit" or "miss": none with the cache off."""
    return None if app.config["PAGE_CACHE"] == "off" else kind


@CACHE_ON_AND_OFF
def test_the_thread_answers_with_304_until_it_changes(app, site):
    add_comment(app, site.prop_a_id, "First view", name="Ann First")
    reader = app.test_client()
    url = thread_url(site.prop_a_id)
    first = reader.get(url)
    assert first.status_code == 200 and served(first) == cache_says(app, "miss")
    etag = first.headers["ETag"]
    assert etag

    again = reader.get(url)
    assert again.status_code == 200 and served(again) == cache_says(app, "hit")
    assert again.headers["ETag"] == etag and again.json == first.json

    unchanged = reader.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert unchanged.headers["ETag"] == etag

    add_comment(app, site.prop_a_id, "Second view", name="Ben Second")
    changed = reader.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and served(changed) == cache_says(app, "miss")
    assert changed.headers["ETag"] != etag
    assert [c["html"] for c in changed.json["comments"]] == [
        "<p>First view</p>",
        "<p>Second view</p>",
    ]
    new_etag = changed.headers["ETag"]
    assert reader.get(url, headers={"If-None-Match": new_etag}).status_code == 304
    assert reader.get(url, headers={"If-None-Match": f"{etag}, {new_etag}"}).status_code == 304


def test_the_thread_is_the_same_from_the_cache_for_signed_in_readers(app, site):
    add_comment(app, site.prop_a_id, "Everyone reads this", name="Ann Public")
    url = thread_url(site.prop_a_id)
    anonymous = app.test_client().get(url)
    signed_in = app.test_client()
    sign_in(signed_in, site.participant)
    response = signed_in.get(url)
    assert served(response) == "hit" and response.json == anonymous.json


def test_an_unknown_proposition_has_no_thread(app, site):
    for _ in range(2):
        response = app.test_client().get(thread_url(site.prop_a_id + 100))
        assert response.status_code == 404 and served(response) is None


def test_a_proposition_not_yet_public_has_no_thread_even_when_asked_conditionally(app, site):
    with app.app_context():
        workstream = db.session.scalar(sa.select(Workstream).filter_by(slug=site.ws_a))
        author = db.session.scalar(sa.select(User).filter_by(email=site.facilitator))
        draft = factories.proposition(workstream, author, "A draft", status=PropositionStatus.DRAFT)
        later = factories.proposition(
            workstream, author, "Tomorrow's", published_at=utcnow() + timedelta(days=1)
        )
        db.session.commit()
        hidden = [draft.id, later.id]
    reader = app.test_client()
    for proposition_id in hidden:
        url = thread_url(proposition_id)
        assert reader.get(url).status_code == 404
        # "*" asks for any current version: there is none a reader may see.
        response = reader.get(url, headers={"If-None-Match": "*"})
        assert response.status_code == 404, "the answer tells that the proposition exists"
        assert "ETag" not in response.headers
