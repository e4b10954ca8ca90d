"""Signing in with a real OpenID Connect provider: the whole journey and the security rules.

"summitid" is a generic OpenID Connect provider and "google" is Google's code path; both
point at the real provider (the npm package oidc-provider) running on 127.0.0.1.
"""

import base64
import hashlib
import html
import re
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from forum.auth.providers import Profile
from forum.auth.services import link_identity
from forum.avatars import avatar_key
from forum.extensions import db
from forum.helpers import format_datetime
from forum.models import (
    INDEFINITELY,
    Comment,
    CommentStatus,
    Identity,
    Proposition,
    User,
    utcnow,
)
from tests import factories
from tests.auth.social import (
    TITLES,
    authorize_url,
    back_at_forum,
    followed,
    http_session,
    identities,
    query_of,
    social_config,
    start,
    user_count,
    via_oidc,
)
from tests.conftest import PASSWORD, csrf_from, person_in_header, post_form, sign_in
from tests.providers.oidc import sign_in_at_provider

PUBLIC_URL = "https://forum.example.org"
HOSTILE_NEXTS = [
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
]


@pytest.fixture
def app_config(standin_server, oidc_provider, request):
    """Enable the providers; a test may add settings with indirect parametrization."""
    return {**social_config(standin_server, oidc_provider), **getattr(request, "param", {})}


def _formaction(page: str, label: str) -> str:
    """Return where the comment form's button with this label posts the form."""
    match = re.search(rf'formaction="([^"]+)"[^>]*>\s*{re.escape(label)}\s*<', page)
    assert match, f"no button {label!r} with a formaction on the page"
    return html.unescape(match.group(1))


def _textarea(page: str) -> str | None:
    """Return the text in the comment box, or None if there is no box."""
    match = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1)).strip() if match else None


def _text_of(page: str, marker: str) -> str:
    """Return the plain text of the paragraph carrying a data attribute."""
    match = re.search(rf"<p[^>]*{marker}[^>]*>(.*?)</p>", page, re.S)
    assert match, f"no paragraph with {marker} on the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def _edit(url: str, **changes: str | None) -> str:
    """Return a URL with some query parameters replaced, or removed when given None."""
    query = query_of(url)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"


def _answer(client, provider: str = "summitid", login: str = "alice", **start_kwargs) -> str:
    """Start a sign-in and sign in at the provider; return its redirect back (not yet followed)."""
    url = authorize_url(start(client, provider, **start_kwargs))
    return sign_in_at_provider(http_session(), url, login)


def _assert_refused(app, client, response, title: str = "Summit ID") -> str:
    """Check a sign-in was refused cleanly: back with a plain message, nobody signed in."""
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert not urlsplit(response.headers["Location"]).netloc
    page = html.unescape(followed(client, response))
    assert f"{title} didn't let us sign you in." in page
    assert "Try again, choose another way to sign in, or comment as a guest." in page
    assert person_in_header(page) is None
    assert identities(app) == []
    return page


def _person_with_cookies(app, **cookies: str) -> str | None:
    """Return who a new browser holding only these cookies is signed in as."""
    browser = app.test_client()
    for name, value in cookies.items():
        browser.set_cookie(name, value)
    return person_in_header(browser.get("/").get_data(as_text=True))


def _local_account(email: str, name: str) -> int:
    """Make a local account with a password for an address the registration form refuses.

    The provider's addresses end in ``.test``, a reserved domain that registering refuses,
    so the account is put in the database directly.
    """
    user = User(
        email=email,
        display_name=name,
        password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
        avatar=avatar_key(name, email),
    )
    db.session.add(user)
    db.session.flush()
    return user.id


# The whole journey


@pytest.mark.parametrize("provider", ["summitid", "google"])
def test_a_guest_signs_in_halfway_through_a_comment_and_posts_it(app, client, site, provider):
    page = client.get(site.prop_a_url).get_data(as_text=True)
    typed = {
        "body": "Libraries are *warm* places in winter & they're free.",
        "name": "Alice",
        "email": "alice@example.test",
    }
    response = client.post(
        _formaction(page, f"Continue with {TITLES[provider]}"),
        data={"csrf_token": csrf_from(page), **typed},
    )
    answer = sign_in_at_provider(http_session(), authorize_url(response), "alice")

    back = back_at_forum(client, answer)
    assert back.status_code == 303
    assert back.headers["Location"] == f"{site.prop_a_url}#respond"
    page = followed(client, back)
    assert person_in_header(page) == "Alice Tester"
    assert f"You are signed in as Alice Tester with {TITLES[provider]}." in page
    assert "Your comment is still here" in page
    assert _textarea(page) == typed["body"]
    commenting_as = _text_of(page, "data-commenting-as")
    assert commenting_as == f"You are commenting as Alice Tester ({TITLES[provider]})."

    posted = client.post(
        site.prop_a_post, data={"csrf_token": csrf_from(page), "body": _textarea(page)}
    )
    assert posted.status_code == 303
    page = followed(client, posted)
    assert "Your comment has been published." in page
    assert "<em>warm</em>" in page
    assert _textarea(page) == ""
    [(_, subject, user_id)] = identities(app)
    assert subject == "alice"
    with app.app_context():
        [comment] = db.session.scalars(sa.select(Comment)).all()
        assert comment.user_id == user_id
        assert comment.author_name == "Alice Tester"
        assert comment.author_email is None
        assert comment.status == CommentStatus.APPROVED


# state


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda url: _edit(url, state=None), id="no-state"),
        pytest.param(lambda url: _edit(url, state="x" * 30), id="wrong-state"),
    ],
)
def test_an_answer_without_the_right_state_is_refused(app, client, site, spoil):
    answer = _answer(client, page=site.prop_a_url, next=site.prop_a_url)
    response = back_at_forum(client, spoil(answer))
    assert response.headers["Location"] == site.prop_a_url
    _assert_refused(app, client, response)


def test_a_replayed_answer_is_refused(app, client, site):
    answer = _answer(client)
    assert back_at_forum(client, answer).status_code == 303
    assert person_in_header(client.get("/").get_data(as_text=True)) == "Alice Tester"
    first = identities(app)

    again = back_at_forum(client, answer)
    assert again.status_code == 303
    assert "Summit ID didn't let us sign you in." in html.unescape(followed(client, again))
    assert identities(app) == first

    # Signed out, with a new sign-in under way, the old answer still does nothing.
    post_form(client, "/", "/logout", {})
    authorize_url(start(client, "summitid"))
    replayed = back_at_forum(client, answer)
    page = html.unescape(followed(client, replayed))
    assert "Summit ID didn't let us sign you in." in page
    assert person_in_header(page) is None


def test_another_browsers_answer_is_refused(app, client, site):
    # Someone who gets hold of another person's answer (or plants their own in a victim's
    # browser) signs nobody in, whether or not a sign-in is under way there.
    victims_answer = _answer(app.test_client())
    _assert_refused(app, client, back_at_forum(client, victims_answer))

    authorize_url(start(client, "summitid"))
    _assert_refused(app, client, back_at_forum(client, victims_answer))


# PKCE and nonce


def test_each_authorization_request_has_a_fresh_state_nonce_and_s256_challenge(client, site):
    first = query_of(authorize_url(start(client, "summitid")))
    second = query_of(authorize_url(start(client, "summitid")))
    for query in (first, second):
        assert query["code_challenge_method"] == "S256"
        # A base64url SHA-256 digest, never the verifier itself.
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", query["code_challenge"])
        assert len(query["state"]) >= 20
        assert len(query["nonce"]) >= 20
    for key in ("state", "nonce", "code_challenge"):
        assert first[key] != second[key]
    with client.session_transaction() as session:
        verifier = session[f"_state_summitid_{second['state']}"]["data"]["code_verifier"]
    digest = hashlib.sha256(verifier.encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == second["code_challenge"]


def test_the_provider_refuses_an_authorization_request_without_a_code_challenge(app, client, site):
    url = authorize_url(start(client, "summitid"))
    answer = sign_in_at_provider(http_session(), _edit(url, code_challenge=None), "alice")
    assert query_of(answer)["error"] == "invalid_request"
    assert "code" not in query_of(answer)
    _assert_refused(app, client, back_at_forum(client, answer))


def test_a_code_issued_for_another_code_challenge_is_refused(app, client, site):
    # Whoever swaps the challenge gets a code that the forum's own verifier can't redeem.
    url = authorize_url(start(client, "summitid"))
    digest = hashlib.sha256(b"an attacker's own code verifier, 43 chars or more").digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    answer = sign_in_at_provider(http_session(), _edit(url, code_challenge=challenge), "alice")
    assert "code" in query_of(answer)
    _assert_refused(app, client, back_at_forum(client, answer))


def test_an_id_token_with_another_nonce_is_refused(app, client, site):
    url = authorize_url(start(client, "summitid"))
    state, nonce = query_of(url)["state"], query_of(url)["nonce"]
    with client.session_transaction() as session:
        key = f"_state_summitid_{state}"
        stored = session[key]
        assert stored["data"]["nonce"] == nonce
        stored["data"]["nonce"] = "a-nonce-the-provider-never-saw"
        session[key] = stored
    answer = sign_in_at_provider(http_session(), url, "alice")
    _assert_refused(app, client, back_at_forum(client, answer))


# Mix-up: one provider's answer delivered to another's callback


@pytest.mark.parametrize(("started", "delivered"), [("summitid", "google"), ("google", "summitid")])
def test_one_providers_answer_cant_finish_another_providers_sign_in(
    app, client, site, started, delivered
):
    answer = _answer(client, started)
    response = client.get(f"/auth/{delivered}/callback", query_string=urlsplit(answer).query)
    _assert_refused(app, client, response, TITLES[delivered])


def test_an_answer_is_refused_by_another_provider_even_with_its_sign_in_under_way(
    app, client, site
):
    answer = _answer(client, "summitid")
    authorize_url(start(client, "google"))
    response = client.get("/auth/google/callback", query_string=urlsplit(answer).query)
    _assert_refused(app, client, response, "Google")


# redirect_uri


def test_the_redirect_uri_is_the_registered_callback(client, site):
    query = query_of(authorize_url(start(client, "summitid")))
    assert query["redirect_uri"] == "http://localhost/auth/summitid/callback"


@pytest.mark.parametrize("app_config", [{"PUBLIC_URL": PUBLIC_URL}], indirect=True)
def test_the_redirect_uri_comes_from_public_url_whatever_the_host_header(client, site):
    for host in ("localhost", "evil.example"):
        page = client.get("/login", headers={"Host": host}).get_data(as_text=True)
        response = client.post(
            "/auth/summitid/start",
            data={"csrf_token": csrf_from(page)},
            headers={"Host": host},
        )
        query = query_of(authorize_url(response))
        assert query["redirect_uri"] == f"{PUBLIC_URL}/auth/summitid/callback"
        # The same address is sent again with the code, so it must be the one kept.
        with client.session_transaction(headers={"Host": host}) as session:
            kept = session[f"_state_summitid_{query['state']}"]["data"]["redirect_uri"]
        assert kept == f"{PUBLIC_URL}/auth/summitid/callback"


def test_the_provider_refuses_a_redirect_uri_it_does_not_know(client, site):
    url = authorize_url(start(client, "summitid"))
    forged = _edit(url, redirect_uri="http://evil.example/auth/summitid/callback")
    with pytest.raises(RuntimeError, match="invalid_redirect_uri"):
        sign_in_at_provider(http_session(), forged, "alice")


# Accounts


def test_signing_in_twice_finds_the_same_account(app, client, site):
    users_before = user_count(app)
    assert via_oidc(client).status_code == 303
    first = identities(app)
    assert via_oidc(app.test_client()).status_code == 303
    assert identities(app) == first
    assert user_count(app) == users_before + 1


def test_the_same_login_at_two_providers_makes_two_accounts(app, client, site):
    assert via_oidc(client, "summitid", "alice").status_code == 303
    assert via_oidc(app.test_client(), "google", "alice").status_code == 303
    [(first, _, first_user), (second, _, second_user)] = identities(app)
    assert (first, second) == ("summitid", "google")
    assert first_user != second_user


@pytest.mark.parametrize(("login", "verified"), [("alice", True), ("unverified-carol", False)])
def test_an_email_address_never_joins_a_sign_in_to_an_existing_account(
    app, client, site, login, verified
):
    email = f"{login}@example.test"
    with app.app_context():
        local_id = _local_account(email, "Local Person")
        factories.comment(db.session.get(Proposition, site.prop_a_id), name="Guest", email=email)
        db.session.commit()
    users_before = user_count(app)

    page = followed(client, via_oidc(client, "summitid", login))
    assert person_in_header(page) == f"{login[0].upper()}{login[1:]} Tester"
    assert user_count(app) == users_before + 1
    [(_, subject, user_id)] = identities(app)
    assert subject == login
    assert user_id != local_id
    with app.app_context():
        identity = db.session.scalar(sa.select(Identity))
        assert identity.email == email
        assert identity.email_verified is verified
        assert db.session.get(User, user_id).email is None
        [comment] = db.session.scalars(sa.select(Comment)).all()
        assert comment.user_id is None
        assert comment.author_email == email


# Where to go afterwards


def _signed_in_and_sent_to(client, response) -> str:
    """Check a sign-in succeeded; return where the forum sent the person afterwards."""
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    location = response.headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "You are signed in as Alice Tester with Summit ID." in page
    assert person_in_header(page) == "Alice Tester"
    return location


@pytest.mark.parametrize("target", HOSTILE_NEXTS)
def test_signing_in_never_goes_off_site(client, site, target):
    assert _signed_in_and_sent_to(client, via_oidc(client, next=target)) == "/"


def test_signing_in_ignores_a_tab_hidden_in_the_raw_query(client, site):
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/auth/summitid/start",
        data={"csrf_token": csrf_from(page)},
        query_string="next=/%09/evil.example",
    )
    answer = sign_in_at_provider(http_session(), authorize_url(response), "alice")
    assert _signed_in_and_sent_to(client, back_at_forum(client, answer)) == "/"


def test_signing_in_ignores_a_next_sent_in_the_form_that_leaves_the_site(client, site):
    response = via_oidc(client, data={"next": "//evil.example"})
    assert _signed_in_and_sent_to(client, response) == "/"


def test_signing_in_follows_a_local_next(client, site):
    target = f"{site.prop_a_url}#respond"
    assert _signed_in_and_sent_to(client, via_oidc(client, next=target)) == target


# Signing out


def test_signing_out_ends_a_provider_session_everywhere(app, client, site):
    via_oidc(client)
    copied = client.get_cookie("session").value
    assert _person_with_cookies(app, session=copied) == "Alice Tester"

    assert client.get("/logout").status_code == 405
    assert person_in_header(client.get("/").get_data(as_text=True)) == "Alice Tester"

    response = post_form(client, "/", "/logout", {})
    assert "You have signed out." in followed(client, response)
    assert _person_with_cookies(app, session=copied) is None


def test_signing_out_ends_a_remembered_local_session_everywhere(app, client, site):
    sign_in(client, site.participant, remember=True)
    session = client.get_cookie("session").value
    remember = client.get_cookie("remember_token").value
    assert _person_with_cookies(app, remember_token=remember) == "Pat Participant"

    post_form(client, "/", "/logout", {})
    assert _person_with_cookies(app, session=session, remember_token=remember) is None
    assert _person_with_cookies(app, remember_token=remember) is None


def test_signing_out_from_the_comment_form_keeps_the_comment(client, site):
    via_oidc(client)
    page = client.get(site.prop_a_url).get_data(as_text=True)
    response = client.post(
        _formaction(page, "Sign out"),
        data={"csrf_token": csrf_from(page), "body": "Half a thought about Sundays"},
    )
    assert response.headers["Location"] == f"{site.prop_a_url}#respond"
    page = followed(client, response)
    assert person_in_header(page) is None
    assert "You have signed out. Your comment is still here." in page
    assert "Post as a guest" in page
    assert _textarea(page) == "Half a thought about Sundays"


# Suspended accounts


def _suspend(app, subject: str, until, reason: str | None) -> None:
    """Suspend the account signed in to by a Summit ID login."""
    with app.app_context():
        identity = db.session.scalar(sa.select(Identity).where(Identity.subject == subject))
        user = db.session.get(User, identity.user_id)
        user.suspended_until = until
        user.suspension_reason = reason
        db.session.commit()


def test_a_suspended_account_cant_comment_after_signing_in_another_way(app, client, site):
    assert via_oidc(app.test_client(), "summitid", "alice").status_code == 303
    with app.app_context():
        user = db.session.get(User, identities(app)[0][2])
        link_identity(user, Profile("google", "alice-at-google", "Alice at Google"))
        db.session.commit()
        until = utcnow() + timedelta(days=3)
        expected_date = format_datetime(until)
    _suspend(app, "alice", until, "Repeated personal attacks.")

    typed = {"body": "Let me say this once more.", "name": "A", "email": "a@example.test"}
    back = via_oidc(
        client,
        "google",
        "alice-at-google",
        page=site.prop_a_url,
        data=typed,
        next=site.prop_a_url,
        proposition=site.prop_a_id,
    )
    page = followed(client, back)
    assert person_in_header(page) == "Alice Tester"
    notice = _text_of(page, "data-suspension")
    assert f"Your account is suspended until {expected_date}" in notice
    assert "The reason given: Repeated personal attacks." in notice
    assert "data-comment-form" not in page
    assert _textarea(page) == typed["body"]

    posted = client.post(site.prop_a_post, data={"csrf_token": csrf_from(page), **typed})
    assert posted.status_code == 403
    page = posted.get_data(as_text=True)
    assert "The reason given: Repeated personal attacks." in page
    assert _textarea(page) == typed["body"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0


def test_an_indefinite_suspension_reads_without_a_date(app, client, site):
    via_oidc(client)
    _suspend(app, "alice", INDEFINITELY, None)
    page = client.get(site.prop_a_url).get_data(as_text=True)
    notice = _text_of(page, "data-suspension")
    assert notice == (
        "Your account is suspended, so you can't comment for now. "
        "You can still read every discussion."
    )
    assert "9999" not in page
    posted = client.post(site.prop_a_post, data={"csrf_token": csrf_from(page), "body": "Hello"})
    assert posted.status_code == 403
