"""Authors are told why their comment was removed, and can ask for a review."""

import pytest

from forum.models import CommentStatus, ReviewRequest
from tests.conftest import csrf_from, post_form, sign_in
from tests.contributions.support import add_comment, decide_status, rows, text, words


def review_url(comment_id: int) -> str:
    """Return the address of a comment's review request form."""
    return f"/comments/{comment_id}/review"


def ask(client, comment_id: int, message: str):
    """Open the review form and send it."""
    url = review_url(comment_id)
    return post_form(client, url, url, {"message": message})


@pytest.fixture
def removed(app, client, site):
    """The signed-in participant's comment, removed by a facilitator with a reason."""
    comment_id = add_comment(app, site.prop_a_id, "My honest view.", user=site.participant)
    decide_status(app, comment_id, CommentStatus.REMOVED, "It attacked another participant.")
    sign_in(client, site.participant)
    return comment_id


def test_the_author_sees_why_and_a_link_to_ask_for_a_review(client, site, removed):
    page = words(client.get(site.prop_a_url))
    assert "Removed by a facilitator on" in page
    assert ": It attacked another participant." in page
    assert f'href="/comments/{removed}/review"' in page


def test_the_review_form_says_why_and_asks_for_a_message(client, removed):
    page = client.get(review_url(removed))
    assert page.status_code == 200
    html = words(page)
    assert '<h1 class="govuk-heading-xl">Ask for a review</h1>' in html
    assert "The reason they gave: It attacked another participant." in html
    assert "My honest view." in html and 'name="message"' in html


def test_asking_for_a_review_creates_one_request(app, client, site, removed):
    response = ask(client, removed, "I was quoting them, not attacking them.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{removed}")
    assert "A facilitator will look at your comment again." in words(
        client.get(response.headers["Location"])
    )
    [request] = rows(app, ReviewRequest)
    assert (request.comment_id, request.message) == (
        removed,
        "I was quoting them, not attacking them.",
    )
    assert request.resolved_at is None


def test_a_second_request_waits_for_the_first(app, client, site, removed):
    ask(client, removed, "Please look again.")
    page = words(client.get(review_url(removed)))
    assert "You asked for a review on" in page and 'name="message"' not in page
    token = csrf_from(text(client.get(site.prop_a_url)))
    again = client.post(review_url(removed), data={"csrf_token": token, "message": "Again"})
    assert again.status_code == 200
    assert len(rows(app, ReviewRequest)) == 1


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("  ", "Enter why you think the comment should be restored."),
        ("x" * 1001, "Your message must be 1,000 characters or fewer."),
    ],
    ids=["empty", "too-long"],
)
def test_the_message_is_required_and_short(app, client, removed, message, error):
    response = ask(client, removed, message)
    assert response.status_code == 422
    page = words(response)
    assert "There is a problem" in page and 'href="#message"' in page
    assert page.count(error) == 2
    assert rows(app, ReviewRequest) == []


def test_only_the_author_of_a_removed_comment_can_ask(app, client, site, removed):
    guest = app.test_client()
    assert "/login" in guest.get(review_url(removed)).headers["Location"]
    other = app.test_client()
    sign_in(other, site.other_facilitator)
    assert other.get(review_url(removed)).status_code == 404
    assert f"/comments/{removed}/review" not in text(other.get(site.prop_a_url))
    public = add_comment(app, site.prop_a_id, "Still public.", user=site.participant)
    refused = client.get(review_url(public))
    assert refused.status_code == 403
    assert "Only a removed comment can be reviewed." in words(refused)
    assert rows(app, ReviewRequest) == []
