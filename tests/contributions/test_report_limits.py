"""Guests' reports are rate-limited per browser and address; signed-in readers are not."""

import pytest

from forum.extensions import limiter
from forum.models import Report
from tests.conftest import sign_in
from tests.contributions.support import add_comment, make_user, rows, text
from tests.contributions.test_reports import report


@pytest.fixture
def app_config() -> dict:
    """Turn the limiter on, with a small limit per guest browser for the test."""
    return {
        "RATELIMIT_ENABLED": True,
        "REPORTS_GUEST_LIMIT": "2 per hour",
        "REPORTS_GUEST_IP_LIMIT": "5 per hour",
    }


@pytest.fixture(autouse=True)
def fresh_limits(app):
    """Start each test with no request counted."""
    limiter.reset()
    yield
    limiter.reset()


def targets(app, site, count: int) -> list[int]:
    """Add ``count`` approved comments to report."""
    return [add_comment(app, site.prop_a_id, f"Comment {n}.") for n in range(count)]


def test_a_guest_browser_is_stopped_after_its_limit(app, client, site):
    first, second, third = targets(app, site, 3)
    assert report(client, first).status_code == 303
    assert report(client, second).status_code == 303
    refused = report(client, third)
    assert refused.status_code == 429
    assert "Too many tries" in text(refused)
    assert len(rows(app, Report)) == 2


def test_other_guests_at_the_same_address_are_not_stopped_by_one(app, client, site):
    comments = targets(app, site, 3)
    for comment_id in comments[:2]:
        report(client, comment_id)
    neighbour = app.test_client()
    assert report(neighbour, comments[2]).status_code == 303


def test_one_address_has_a_ceiling_for_guests(app, site):
    comments = targets(app, site, 6)
    codes = [report(app.test_client(), comment_id).status_code for comment_id in comments]
    assert codes == [303] * 5 + [429]


def test_signed_in_readers_are_not_limited_as_guests(app, client, site):
    make_user(app, "reader@example.org", "Rea Der")
    sign_in(client, "reader@example.org")
    comments = targets(app, site, 4)
    assert [report(client, comment_id).status_code for comment_id in comments] == [303] * 4
