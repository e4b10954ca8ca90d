"""The profile page: name and website, the ways to sign in, linking and unlinking them."""

import html
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from forum.auth.providers import Profile
from forum.auth.services import link_identity
from forum.extensions import db
from forum.helpers import format_date
from forum.models import Comment, Identity, Proposition, User
from tests import factories
from tests.auth.social import (
    OIDC_CLIENTS,
    authorize_url,
    back_at_forum,
    followed,
    http_session,
    identities,
    query_of,
    start,
    user_count,
    via_oidc,
)
from tests.conftest import person_in_header, post_form, sign_in
from tests.providers.oidc import sign_in_at_provider

PROFILE = "/profile/"


@pytest.fixture
def app_config(oidc_provider):
    """Enable two providers at the real provider: Summit ID (generic) and Google."""
    summitid, google = OIDC_CLIENTS
    return {
        "SOCIAL_LOGIN": {
            "summitid": {
                "kind": "oidc",
                "title": "Summit ID",
                "metadata_url": oidc_provider.metadata_url,
                "client_id": summitid["client_id"],
                "client_secret": summitid["client_secret"],
            },
            "google": {
                "metadata_url": oidc_provider.metadata_url,
                "client_id": google["client_id"],
                "client_secret": google["client_secret"],
            },
        }
    }


def _identity_id(app, provider: str, subject: str) -> int:
    """Return the id of one identity."""
    with app.app_context():
        return db.session.scalar(
            sa.select(Identity.id).where(Identity.provider == provider, Identity.subject == subject)
        )


def _add_identity(app, user_id: int, provider: str, subject: str) -> None:
    """Link a provider account to an account directly, as confirming a link does."""
    with app.app_context():
        user = db.session.get(User, user_id)
        link_identity(user, Profile(provider, subject, f"{subject.title()} Tester"))
        db.session.commit()


def _signed_in_with_summitid(client, login: str = "bob") -> None:
    """Sign in with Summit ID at the real provider."""
    response = via_oidc(client, "summitid", login)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]


def _row(page: str, provider: str) -> str:
    """Return the plain text of what the profile says about one linked provider account."""
    match = re.search(
        rf'data-identity="{provider}"[^>]*>(.*?)(?=data-identity=|</dl>|</table>)', page, re.S
    )
    assert match, f"no linked {provider} account on the profile page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def _text(page: str) -> str:
    """Return a page's words without the markup, as someone reading it sees them."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _unlink_buttons(page: str) -> int:
    """Count the Unlink buttons on the profile page."""
    return len(re.findall(r"identities/\d+/unlink", page))


def _error_beside(page: str, field: str) -> str:
    """Return the error message shown beside a form field ('' if there is none)."""
    match = re.search(rf'<p id="{field}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    if not match:
        return ""
    # Drop the "Error:" that only screen readers hear.
    text = re.sub(r'<span class="govuk-visually-hidden">.*?</span>', "", match.group(1))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def _value_of(page: str, field: str) -> str | None:
    """Return the value an input is filled in with."""
    match = re.search(rf'<input[^>]*name="{field}"[^>]*>', page)
    assert match, f"no input {field} on the page"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return html.unescape(value.group(1)) if value else None


def _link(client, provider: str, login: str):
    """Press "Link <provider>" on the profile page and sign in there; return the answer back."""
    response = start(client, provider, page=PROFILE, data={"intent": "link", "next": PROFILE})
    answer = sign_in_at_provider(http_session(), authorize_url(response), login)
    return back_at_forum(client, answer)


def _answer_link(client, answer: str):
    """Answer the "Link …to your profile?" question."""
    return post_form(client, "/profile/link", "/profile/link", {"answer": answer})


def _unlink(client, identity_id: int):
    """Press an Unlink button on the profile page."""
    return post_form(client, PROFILE, f"/profile/identities/{identity_id}/unlink", {})


# Seeing the profile


def test_the_profile_needs_a_signed_in_person(client, site):
    response = client.get(PROFILE)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert query_of(response.headers["Location"])["next"] == PROFILE


def test_the_profile_shows_the_name_and_the_only_way_in(app, client, site):
    _signed_in_with_summitid(client, "alice")
    with app.app_context():
        identity = db.session.scalar(sa.select(Identity))
        # Linked long ago, so the two dates on the page differ.
        identity.created_at = datetime(2025, 3, 3, 12, tzinfo=UTC)
        db.session.commit()
        used = format_date(identity.last_used_at)
    page = client.get(PROFILE).get_data(as_text=True)
    assert person_in_header(page) == "Alice Tester"
    assert _value_of(page, "display_name") == "Alice Tester"
    row = _row(page, "summitid")
    assert row.startswith("Summit ID")
    assert "Alice Tester" in row
    assert "alice@example.test" in row
    assert "3 March 2025" in row
    assert used in row
    assert "Your only way to sign in" in row
    assert _unlink_buttons(page) == 0
    assert "To stop using Summit ID, first link another way to sign in below." in page
    assert "Link Google" in page
    assert "Link Summit ID" not in page
    assert "With your email address and password on this forum." not in page


def test_the_profile_of_a_local_account_with_an_identity_offers_to_unlink_it(app, client, site):
    sign_in(client, site.participant)
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == site.participant))
    _add_identity(app, user_id, "summitid", "pat")
    page = client.get(PROFILE).get_data(as_text=True)
    assert "With your email address and password on this forum." in page
    assert f"Your email address is {site.participant}" in _text(page)
    assert "Your only way to sign in" not in _row(page, "summitid")
    assert _unlink_buttons(page) == 1


# Changing the name and website


def test_a_new_name_and_website_show_on_the_profile_and_on_past_comments(app, client, site):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == site.participant))
        factories.comment(db.session.get(Proposition, site.prop_a_id), user=user)
        db.session.commit()
    sign_in(client, site.participant)
    response = post_form(
        client,
        PROFILE,
        PROFILE,
        {"display_name": "  Pat   Renamed ", "website": "https://pat.example.org/"},
    )
    assert response.headers["Location"] == PROFILE
    page = followed(client, response)
    assert "Your profile has been saved." in page
    assert person_in_header(page) == "Pat Renamed"
    assert _value_of(page, "website") == "https://pat.example.org/"

    page = client.get(site.prop_a_url).get_data(as_text=True)
    assert "Pat Renamed" in page
    assert "Pat Participant" not in page
    assert 'href="https://pat.example.org/"' in page
    with app.app_context():
        comment = db.session.scalar(sa.select(Comment))
        assert (comment.author_name, comment.author_website) == (
            "Pat Renamed",
            "https://pat.example.org/",
        )


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"display_name": "Pat P", "website": "javascript:alert(1)"},
            "website",
            "Enter a website address like https://example.org",
        ),
        ({"display_name": "   ", "website": "https://pat.example.org/"}, "display_name", None),
    ],
    ids=["bad-website", "blank-name"],
)
def test_a_bad_field_is_shown_beside_it_with_what_was_typed(
    app, client, site, typed, field, message
):
    _signed_in_with_summitid(client)
    response = post_form(client, PROFILE, PROFILE, typed)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert _error_beside(page, field) == (message or "Enter your name.")
    assert _value_of(page, "website") == typed["website"]
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.display_name == "Bob Tester"))
        assert user.website is None


def test_a_profile_change_without_the_security_token_is_refused(app, client, site):
    _signed_in_with_summitid(client)
    response = client.post(PROFILE, data={"display_name": "Mallory", "website": ""})
    assert response.status_code == 400
    assert _value_of(response.get_data(as_text=True), "display_name") == "Mallory"
    assert person_in_header(client.get("/").get_data(as_text=True)) == "Bob Tester"


# Linking another way to sign in


def test_linking_asks_first_and_no_links_nothing(app, client, site):
    _signed_in_with_summitid(client)
    back = _link(client, "google", "alice")
    assert back.headers["Location"] == "/profile/link"
    page = _text(client.get("/profile/link").get_data(as_text=True))
    assert "Link Google to your profile?" in page
    assert "Google says you are Alice Tester (alice@example.test)" in page
    assert "you can sign in as Bob Tester with Google" in page

    page = followed(client, _answer_link(client, "cancel"))
    assert "Nothing changed: Google was not linked." in page
    assert [provider for provider, _, _ in identities(app)] == ["summitid"]
    # The answer was used up: asking again finds nothing waiting.
    page = followed(client, client.get("/profile/link"))
    assert "There is no sign-in method waiting to be linked." in page


def test_linking_yes_adds_the_provider_to_the_same_account(app, client, site):
    _signed_in_with_summitid(client)
    _link(client, "google", "alice")
    page = followed(client, _answer_link(client, "link"))
    assert "Done: you can now sign in with Google too." in page
    [(_, _, bob), (provider, subject, linked_to)] = identities(app)
    assert (provider, subject, linked_to) == ("google", "alice", bob)
    assert "Alice Tester" in _row(page, "google")
    assert _unlink_buttons(page) == 2

    users = user_count(app)
    other_browser = app.test_client()
    page = followed(other_browser, via_oidc(other_browser, "google", "alice"))
    assert person_in_header(page) == "Bob Tester"
    assert user_count(app) == users


def test_linking_a_provider_account_that_belongs_to_someone_else_is_refused(app, client, site):
    assert via_oidc(app.test_client(), "google", "alice").status_code == 303
    before = identities(app)
    _signed_in_with_summitid(client)
    _link(client, "google", "alice")
    page = followed(client, _answer_link(client, "link"))
    assert "That account is already used to sign in to a different account on this forum." in (page)
    assert "Done:" not in page
    assert person_in_header(page) == "Bob Tester"
    assert identities(app)[:1] == before
    assert [provider for provider, _, _ in identities(app)] == ["google", "summitid"]


def test_a_link_cant_be_started_signed_out(app, client, site):
    response = start(client, "google", page="/login", data={"intent": "link", "next": PROFILE})
    assert urlsplit(response.headers["Location"]).path == "/login"
    page = followed(client, response)
    assert "Sign in first, then link another way to sign in from your profile." in page
    assert identities(app) == []


def test_a_link_finished_after_signing_out_links_nothing(app, client, site):
    _signed_in_with_summitid(client)
    response = start(client, "google", page=PROFILE, data={"intent": "link", "next": PROFILE})
    post_form(client, "/", "/logout", {})
    answer = sign_in_at_provider(http_session(), authorize_url(response), "alice")
    page = followed(client, back_at_forum(client, answer))
    # Signing out forgot the sign-in under way: the answer matches nothing started here.
    assert "Google didn't let us sign you in." in html.unescape(page)
    assert person_in_header(page) is None
    assert [provider for provider, _, _ in identities(app)] == ["summitid"]


def test_a_link_finished_as_someone_else_links_nothing(app, client, site):
    _signed_in_with_summitid(client)
    response = start(client, "google", page=PROFILE, data={"intent": "link", "next": PROFILE})
    post_form(client, "/", "/logout", {})
    sign_in(client, site.participant)
    answer = sign_in_at_provider(http_session(), authorize_url(response), "alice")
    page = followed(client, back_at_forum(client, answer))
    assert "Google didn't let us sign you in." in html.unescape(page)
    assert "Link Google to your profile?" not in page
    assert person_in_header(page) == "Pat Participant"
    assert [provider for provider, _, _ in identities(app)] == ["summitid"]


def test_the_link_question_with_nothing_waiting_goes_to_the_profile(client, site):
    _signed_in_with_summitid(client)
    response = client.get("/profile/link")
    assert response.headers["Location"] == PROFILE
    assert "There is no sign-in method waiting to be linked." in followed(client, response)


# Unlinking


def test_unlinking_one_of_two_leaves_the_other_working(app, client, site):
    _signed_in_with_summitid(client)
    [(_, _, bob)] = identities(app)
    _add_identity(app, bob, "google", "alice")
    response = _unlink(client, _identity_id(app, "google", "alice"))
    assert response.headers["Location"] == PROFILE
    page = followed(client, response)
    assert "You can no longer sign in with Google." in page
    assert identities(app) == [("summitid", "bob", bob)]
    assert "Your only way to sign in" in _row(page, "summitid")

    other_browser = app.test_client()
    page = followed(other_browser, via_oidc(other_browser, "summitid", "bob"))
    assert person_in_header(page) == "Bob Tester"
    assert identities(app) == [("summitid", "bob", bob)]


def test_the_last_way_in_cant_be_unlinked(app, client, site):
    _signed_in_with_summitid(client)
    before = identities(app)
    page = html.unescape(followed(client, _unlink(client, _identity_id(app, "summitid", "bob"))))
    assert "This is the only way you can sign in, so it can't be unlinked." in page
    assert identities(app) == before


def test_a_local_account_with_a_password_can_unlink_its_only_identity(app, client, site):
    sign_in(client, site.participant)
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == site.participant))
    _add_identity(app, user_id, "summitid", "pat")
    page = followed(client, _unlink(client, _identity_id(app, "summitid", "pat")))
    assert "You can no longer sign in with Summit ID." in page
    assert identities(app) == []
    other_browser = app.test_client()
    sign_in(other_browser, site.participant)
    assert person_in_header(other_browser.get("/").get_data(as_text=True)) == "Pat Participant"


def test_someone_elses_identity_cant_be_unlinked(app, client, site):
    assert via_oidc(app.test_client(), "summitid", "alice").status_code == 303
    _signed_in_with_summitid(client)
    bob = identities(app)[1][2]
    _add_identity(app, bob, "google", "bob")
    before = identities(app)
    page = followed(client, _unlink(client, _identity_id(app, "summitid", "alice")))
    assert "That sign-in method is not linked to your account." in page
    assert identities(app) == before


def test_unlinking_without_the_security_token_is_refused(app, client, site):
    _signed_in_with_summitid(client)
    [(_, _, bob)] = identities(app)
    _add_identity(app, bob, "google", "alice")
    before = identities(app)
    response = client.post(f"/profile/identities/{_identity_id(app, 'google', 'alice')}/unlink")
    assert response.status_code == 400
    assert identities(app) == before


def test_a_link_left_unanswered_cant_be_used_by_whoever_signs_in_next(app, client, site):
    # Bob asks to link his Google account, leaves the question unanswered and signs out; Pat
    # signs in on the same computer. Google's answer was about Bob's account: if Pat could
    # use it, Bob's next "Continue with Google" would sign him in to Pat's account.
    _signed_in_with_summitid(client)
    _link(client, "google", "alice")
    assert "Link Google to your profile?" in client.get("/profile/link").get_data(as_text=True)
    post_form(client, "/", "/logout", {})
    sign_in(client, site.participant)

    response = post_form(client, PROFILE, "/profile/link", {"answer": "link"})
    page = html.unescape(followed(client, response))
    assert "Done: you can now sign in with Google too." not in page
    assert [provider for provider, _, _ in identities(app)] == ["summitid"]
