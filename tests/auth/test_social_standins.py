"""Signing in through the provider stand-ins: the whole trip with a comment, and what goes wrong."""

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Comment, CommentDraft, CommentStatus, Identity, Proposition, User
from tests import factories
from tests.auth.social import (
    TITLES,
    authorize_url,
    back_at_forum,
    http_session,
    social_config,
    start,
    via_standin,
)
from tests.conftest import csrf_from, person_in_header
from tests.providers.oidc import free_port
from tests.providers.standin import ID_TOKEN_FAULTS, follow_authorize

LOGGER = "forum.auth.social_views"
BODY = "Sundays are when <families> can go & read together."
GUEST = {"name": "Gus Guest", "email": "gus@example.org"}
PROVIDERS = ("github", "facebook", "x", "wordpress", "fakeid")
PEOPLE = {
    "github": "The Octocat",
    "facebook": "Fiona Facebook",
    "x": "Xavier Exe",
    "wordpress": "Wendy Press",
    "fakeid": "Olive Issuer",
}
TRY_AGAIN = "Try again, choose another way to sign in, or comment as a guest."
STILL_HERE = f"Your comment is still here. {TRY_AGAIN}"


@pytest.fixture
def app_config(request, standin_server, oidc_provider):
    """Every kind of provider, a short wait for them, and a test's own change if it has one."""
    settings = {**social_config(standin_server, oidc_provider), "SOCIAL_LOGIN_TIMEOUT": 1}
    change = getattr(request, "param", None)
    if change is not None:
        change(settings["SOCIAL_LOGIN"])
    return settings


@pytest.fixture
def parent_id(app, site) -> int:
    """An approved comment on proposition A, to reply to."""
    with app.app_context():
        proposition = db.session.get(Proposition, site.prop_a_id)
        parent = factories.comment(proposition, "Libraries are for everyone.")
        db.session.commit()
        return parent.id


def _leave_with_comment(client, site, provider: str, parent_id: int | None = None):
    """Type a comment as a guest, then press "Continue with <provider>" in the comment form."""
    page = client.get(site.prop_a_url).get_data(as_text=True)
    match = re.search(rf'data-provider="{provider}" formaction="([^"]+)"', page)
    assert match, f"no {provider} button in the comment form"
    fields = {"csrf_token": csrf_from(page), "body": BODY, **GUEST}
    if parent_id is not None:
        fields["parent_id"] = str(parent_id)
    return client.post(html.unescape(match.group(1)), data=fields)


def _at_provider(response, standin) -> str:
    """Return the provider's address the browser was sent to, checking it is the stand-in's."""
    url = authorize_url(response)
    assert url.startswith(standin.base_url), url
    return url


def _come_back(client, url: str):
    """Allow access at the stand-in and follow its redirect back to the forum."""
    return back_at_forum(client, follow_authorize(http_session(), url))


def _landing(client, response) -> str:
    """Follow the forum's redirect after sign-in; return the page."""
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _messages(page: str) -> list[str]:
    """Return the messages shown in the page's banners."""
    found = re.findall(r'<p class="govuk-notification-banner__heading">(.*?)</p>', page, re.S)
    return [html.unescape(message.strip()) for message in found]


def _comment_box(page: str) -> str:
    """Return the text in the comment form's textarea."""
    match = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, "the page has no comment box"
    return html.unescape(match.group(1)).strip()


def _reply_target(page: str) -> str:
    """Return the comment form's parent_id value."""
    match = re.search(r'<input[^>]*name="parent_id"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else ""


def _sign_out(client, page: str) -> str:
    """Press "Sign out" in the page's header; return the page it leads to."""
    form = re.search(r'<form method="post" action="/logout".*?</form>', page, re.S)
    assert form, "no sign-out form in the header"
    return _landing(client, client.post("/logout", data={"csrf_token": csrf_from(form.group(0))}))


def _count(app, model) -> int:
    """Return how many rows a model has."""
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# The whole trip


@pytest.mark.parametrize("provider", PROVIDERS)
def test_guest_signs_in_mid_comment_and_posts_it_as_themself(
    app, client, site, standin, parent_id, provider
):
    leaving = _leave_with_comment(client, site, provider, parent_id)
    back = _come_back(client, _at_provider(leaving, standin))

    assert back.headers["Location"] == f"{site.prop_a_url}#respond"
    page = _landing(client, back)
    name, title = PEOPLE[provider], TITLES[provider]
    assert person_in_header(page) == name
    assert _messages(page) == [
        f"You are signed in as {name} with {title}. "
        "Your comment is still here: check it, then post it."
    ]
    assert _comment_box(page) == BODY
    assert _reply_target(page) == str(parent_id)
    assert f"You are commenting as <strong>{name}</strong> ({title})." in page

    posted = client.post(
        site.prop_a_post,
        data={"csrf_token": csrf_from(page), "body": BODY, "parent_id": str(parent_id)},
    )

    assert posted.status_code == 303
    with app.app_context():
        comment = db.session.scalar(sa.select(Comment).where(Comment.body == BODY))
        identity = db.session.scalar(sa.select(Identity).where(Identity.provider == provider))
        assert comment.user_id == identity.user_id
        assert comment.author_name == name
        assert comment.author_email is None
        assert comment.parent_id == parent_id
        assert comment.status == CommentStatus.APPROVED
    assert _count(app, CommentDraft) == 0
    assert "Your comment has been published." in _messages(_landing(client, posted))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_second_sign_in_uses_the_same_account(app, client, site, standin, provider):
    users_before = _count(app, User)
    page = _landing(client, via_standin(client, standin, provider))
    with app.app_context():
        first = db.session.scalar(sa.select(Identity))
        first_user, first_used = first.user_id, first.last_used_at
    _sign_out(client, page)

    page = _landing(client, via_standin(client, standin, provider))

    assert person_in_header(page) == PEOPLE[provider]
    assert _count(app, User) == users_before + 1
    with app.app_context():
        (identity,) = db.session.scalars(sa.select(Identity)).all()
        assert identity.user_id == first_user
        assert identity.last_used_at > first_used


# When it goes wrong: back where they were, comment kept, nobody signed in, details logged


@dataclass
class Failure:
    """One way a sign-in can fail, and what the person and the log should show."""

    provider: str
    spoil: Callable  # called with the stand-in once the person is at the provider
    refused: bool  # "didn't let us sign you in", else "couldn't reach"
    detail: str  # what the log says and the page must not

    def message(self) -> str:
        """The plain message the person should see."""
        title = TITLES[self.provider]
        if self.refused:
            return f"{title} didn't let us sign you in. {STILL_HERE}"
        return f"We couldn't reach {title} just now. {STILL_HERE}"


def _deny(standin):
    standin.deny_next = True


def _token_error(standin):
    standin.fail_next["token"] = (
        400,
        {"error": "invalid_grant", "error_description": "The authorization code has expired."},
    )


def _github_token_error(standin):
    # GitHub answers a bad code with HTTP 200 and an error in the body.
    standin.fail_next["github:token"] = (
        200,
        {
            "error": "bad_verification_code",
            "error_description": "The code passed is incorrect or expired.",
            "error_uri": "https://docs.github.com/apps/managing-oauth-apps/"
            "troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code",
        },
    )


def _user_api_error(standin):
    standin.fail_next["user"] = (401, {"message": "Bad credentials", "status": "401"})


def _token_bad_gateway(standin):
    standin.fail_next["token"] = (502, "<html><body>502 Bad Gateway</body></html>")


def _slow_token(standin):
    standin.delay["token"] = 1.5  # the app waits SOCIAL_LOGIN_TIMEOUT = 1 second


FAILURES = [
    *[Failure(name, _deny, True, "access_denied") for name in PROVIDERS],
    *[Failure(name, _token_error, True, "invalid_grant") for name in PROVIDERS],
    Failure("github", _github_token_error, True, "bad_verification_code"),
    # A user API (OpenID Connect's userinfo endpoint too) refusing the token is a refusal.
    *[Failure(name, _user_api_error, True, "user API answered 401") for name in PROVIDERS],
    Failure("x", _token_bad_gateway, False, "502 Server Error"),
    Failure("github", _slow_token, False, "timed out"),
]


@pytest.mark.parametrize(
    "failure", FAILURES, ids=[f"{f.provider}-{f.spoil.__name__.strip('_')}" for f in FAILURES]
)
def test_failed_sign_in_keeps_the_comment(app, client, site, standin, caplog, failure):
    caplog.set_level(logging.INFO, logger=LOGGER)
    url = _at_provider(_leave_with_comment(client, site, failure.provider), standin)
    failure.spoil(standin)

    back = _come_back(client, url)

    _assert_back_with_comment(app, client, site, back, failure.message(), failure.detail)
    _assert_logged(caplog, failure.detail)


def _assert_back_with_comment(app, client, site, response, message: str, detail: str) -> None:
    """Check the person is back on the proposition, told plainly, comment kept, not signed in."""
    assert response.status_code == 303
    assert response.headers["Location"] == f"{site.prop_a_url}#respond"
    page = _landing(client, response)
    assert _messages(page) == [message]
    assert _comment_box(page) == BODY
    assert person_in_header(page) is None
    for leak in (detail, "Traceback", "-secret", "error_description", "error_uri"):
        assert leak not in page, leak
    assert _count(app, Identity) == 0


def _assert_logged(caplog, detail: str) -> None:
    """Check the detail of a failure went to the sign-in log."""
    logged = [record.getMessage() for record in caplog.records if record.name == LOGGER]
    assert any(detail in line for line in logged), logged


# What the log says about each faulty ID token; none of it belongs in the page.
ID_TOKEN_REFUSALS = {
    "wrong_key": "bad_signature",
    "wrong_audience": "Invalid claim: 'aud'",
    "wrong_audience_azp": "Invalid claim: 'aud'",
    "wrong_issuer": "Invalid claim: 'iss'",
    "expired": "expired_token",
    "wrong_nonce": "Invalid claim: 'nonce'",
    "unsigned": "Algorithm of 'none' is not allowed",
}


@pytest.mark.parametrize("fault", ID_TOKEN_FAULTS)
def test_faulty_id_token_is_refused(app, client, site, standin, caplog, fault):
    caplog.set_level(logging.INFO, logger=LOGGER)
    url = _at_provider(_leave_with_comment(client, site, "fakeid"), standin)
    standin.id_token_fault = fault

    back = _come_back(client, url)

    message = f"Fake ID didn't let us sign you in. {STILL_HERE}"
    _assert_back_with_comment(app, client, site, back, message, ID_TOKEN_REFUSALS[fault])
    _assert_logged(caplog, ID_TOKEN_REFUSALS[fault])


def _github_token_endpoint_down(social):
    social["github"]["access_token_url"] = f"http://127.0.0.1:{free_port()}/token"


@pytest.mark.parametrize("app_config", [_github_token_endpoint_down], indirect=True)
def test_unreachable_token_endpoint(app, client, site, standin, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    url = _at_provider(_leave_with_comment(client, site, "github"), standin)

    back = _come_back(client, url)

    message = f"We couldn't reach GitHub just now. {STILL_HERE}"
    _assert_back_with_comment(app, client, site, back, message, "Connection refused")
    _assert_logged(caplog, "Connection refused")


def _fakeid_discovery_down(social):
    closed = f"http://127.0.0.1:{free_port()}"
    social["fakeid"]["metadata_url"] = f"{closed}/.well-known/openid-configuration"


@pytest.mark.parametrize("app_config", [_fakeid_discovery_down], indirect=True)
def test_unreachable_oidc_discovery_at_start(app, client, site, standin, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)

    leaving = _leave_with_comment(client, site, "fakeid")

    message = f"We couldn't reach Fake ID just now. {STILL_HERE}"
    _assert_back_with_comment(app, client, site, leaving, message, "Connection refused")
    _assert_logged(caplog, "Could not start sign-in with fakeid")
    _assert_logged(caplog, "Connection refused")


# A code is used once


@pytest.mark.parametrize("provider", PROVIDERS)
def test_replayed_callback_signs_nobody_in(client, site, standin, caplog, provider):
    caplog.set_level(logging.INFO, logger=LOGGER)
    callback_url = follow_authorize(http_session(), authorize_url(start(client, provider)))
    page = _landing(client, back_at_forum(client, callback_url))
    assert person_in_header(page) == PEOPLE[provider]
    assert person_in_header(_sign_out(client, page)) is None

    replay = back_at_forum(client, callback_url)

    assert replay.headers["Location"] == "/login"
    page = _landing(client, replay)
    assert person_in_header(page) is None
    assert _messages(page) == [f"{TITLES[provider]} didn't let us sign you in. {TRY_AGAIN}"]
    prefix = "oidc" if provider == "fakeid" else provider
    assert len(standin.requests_to(prefix, "token")) == 1
    _assert_logged(caplog, "no matching start")
