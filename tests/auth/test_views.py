"""Registering, signing in and signing out, through the real pages."""

import re
import time
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from itsdangerous.timed import TimestampSigner
from werkzeug.security import check_password_hash

from forum import create_app
from forum.extensions import db
from forum.models import Role, User
from tests.conftest import PASSWORD, csrf_from, person_in_header, post_form, sign_in

NEW_PASSWORD = "a walk by the river"
LOCAL_NEXT = "/workstreams/x/"
HOSTILE_NEXTS = [
    "https://evil.example",
    "https://evil.example/workstreams/",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
]


def _error_beside(page: str, field: str) -> str:
    """Return the error message shown beside a form field ('' if there is none)."""
    match = re.search(rf'<p id="{field}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    return match.group(1) if match else ""


def _users() -> list[User]:
    """Return every account (call inside an app context)."""
    return list(db.session.scalars(sa.select(User).order_by(User.id)))


def _register(client, **fields):
    """Post the registration form, with good values unless told otherwise."""
    data = {"display_name": "Nia New", "email": "nia@example.org", "password": NEW_PASSWORD}
    data.update(fields)
    return post_form(client, "/register", "/register", data)


# Registering


def test_register_page_shows_the_form(client):
    response = client.get("/register")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Create an account" in page
    assert re.search(r'<input[^>]*name="display_name"', page)
    assert re.search(
        r'<input[^>]*name="email"[^>]*type="email"|type="email"[^>]*name="email"', page
    )
    assert re.search(r'<input[^>]*name="password"[^>]*type="password"', page)
    assert "There is a problem" not in page


def test_register_creates_an_account_signs_in_and_goes_back(client):
    response = post_form(
        client,
        f"/register?next={quote(LOCAL_NEXT)}",
        "/register",
        {
            "display_name": "  Nia New ",
            "email": "Nia.New@Example.ORG",
            "password": NEW_PASSWORD,
            "next": LOCAL_NEXT,
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == LOCAL_NEXT
    with client.application.app_context():
        [user] = _users()
        assert user.email == "nia.new@example.org"
        assert user.display_name == "Nia New"
        assert user.role == Role.PARTICIPANT
        assert user.password_hash != NEW_PASSWORD
        assert NEW_PASSWORD not in user.password_hash
        assert check_password_hash(user.password_hash, NEW_PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert person_in_header(home) == "Nia New"
    assert "Your account is ready" in home


def test_register_with_an_email_in_use_says_so_beside_the_field(client, site):
    with client.application.app_context():
        before = len(_users())
    response = _register(client, display_name="Second Pat", email="PAT@Example.org")
    assert 400 <= response.status_code < 500
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "An account already uses this email address" in _error_beside(page, "email")
    assert 'value="Second Pat"' in page
    assert 'value="PAT@Example.org"' in page
    assert NEW_PASSWORD not in page
    assert person_in_header(page) is None
    with client.application.app_context():
        assert len(_users()) == before
        count = db.session.scalar(
            sa.select(sa.func.count(User.id)).where(sa.func.lower(User.email) == site.participant)
        )
        assert count == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"display_name": ""}, "display_name", "Enter your name."),
        ({"display_name": "x" * 81}, "display_name", "80 characters or fewer"),
        ({"email": ""}, "email", "Enter your email address."),
        ({"email": "nia-at-example.org"}, "email", "Enter an email address like"),
        ({"email": "nia@"}, "email", "Enter an email address like"),
        ({"password": ""}, "password", "Enter a password."),
        ({"password": "short12"}, "password", "between 8 and 128 characters"),
    ],
)
def test_register_with_a_missing_or_bad_field_shows_the_problem(client, fields, field, message):
    response = _register(client, **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message in _error_beside(page, field)
    # What was typed is kept, except the password, which is never sent back.
    typed = {"display_name": "Nia New", "email": "nia@example.org", **fields}
    for name in ("display_name", "email"):
        if typed[name]:
            assert f'value="{typed[name]}"' in page
    password = fields.get("password", NEW_PASSWORD)
    if password:
        assert password not in page
    with client.application.app_context():
        assert _users() == []


# Signing in


def test_sign_in_page_shows_the_form(client):
    response = client.get("/login")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'<input[^>]*name="email"', page)
    assert re.search(r'<input[^>]*name="password"[^>]*type="password"', page)
    assert re.search(r'<input[^>]*name="remember"[^>]*type="checkbox"', page)


def test_sign_in_then_the_header_shows_the_name(client, site):
    response = sign_in(client, site.participant)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert person_in_header(page) == "Pat Participant"
    assert "You are signed in as Pat Participant." in page
    assert "Sign out" in page


def test_sign_in_accepts_the_email_in_any_case(client, site):
    sign_in(client, "  PAT@example.ORG ")
    assert person_in_header(client.get("/").get_data(as_text=True)) == "Pat Participant"


@pytest.mark.parametrize(
    ("email", "password"),
    [("pat@example.org", "not my password"), ("nobody@example.org", PASSWORD)],
    ids=["wrong password", "unknown email"],
)
def test_sign_in_refused_says_the_same_whichever_was_wrong(client, site, email, password):
    response = post_form(client, "/login", "/login", {"email": email, "password": password})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "The email address or password is not right. Check them both." in page
    assert f'value="{email}"' in page
    assert password not in page
    assert person_in_header(client.get("/").get_data(as_text=True)) is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": ""}, "email", "Enter your email address."),
        ({"password": ""}, "password", "Enter your password."),
    ],
)
def test_sign_in_with_a_field_missing_shows_the_problem(client, site, fields, field, message):
    data = {"email": site.participant, "password": PASSWORD, **fields}
    response = post_form(client, "/login", "/login", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message in _error_beside(page, field)


def test_remember_me_sets_a_lasting_cookie(client, site):
    sign_in(client, site.participant, remember=True)
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.expires is not None


def test_without_remember_me_there_is_no_lasting_cookie(client, site):
    sign_in(client, site.participant)
    assert client.get_cookie("remember_token") is None


# Signing out


def test_sign_out_cannot_be_a_get(client, site):
    sign_in(client, site.participant)
    assert client.get("/logout").status_code == 405
    assert person_in_header(client.get("/").get_data(as_text=True)) == "Pat Participant"


def test_sign_out_without_the_security_token_is_refused(client, site):
    sign_in(client, site.participant)
    response = client.post("/logout")
    assert response.status_code == 400
    assert person_in_header(client.get("/").get_data(as_text=True)) == "Pat Participant"


def test_sign_out_ends_the_session(client, site):
    sign_in(client, site.participant, remember=True)
    response = post_form(client, site.prop_a_url, "/logout", {"next": site.prop_a_url})
    assert response.status_code == 303
    assert response.headers["Location"] == site.prop_a_url
    assert client.get_cookie("remember_token") is None
    page = client.get("/").get_data(as_text=True)
    assert person_in_header(page) is None
    assert "Pat Participant" not in page
    assert "You have signed out." in page


# Where to go afterwards


def test_sign_in_follows_a_local_next(client, site):
    response = post_form(
        client,
        f"/login?next={quote(LOCAL_NEXT)}",
        "/login",
        {"email": site.participant, "password": PASSWORD, "next": LOCAL_NEXT},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == LOCAL_NEXT


@pytest.mark.parametrize("target", HOSTILE_NEXTS)
def test_sign_in_ignores_a_next_that_leaves_the_site(client, site, target):
    page = client.get(f"/login?next={quote(target)}").get_data(as_text=True)
    assert "evil.example" not in page
    assert "javascript:" not in page
    response = client.post(
        f"/login?next={quote(target)}",
        data={
            "csrf_token": csrf_from(page),
            "email": site.participant,
            "password": PASSWORD,
            "next": target,
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE_NEXTS)
def test_register_and_sign_out_ignore_a_next_that_leaves_the_site(client, target):
    response = _register(client, next=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    response = post_form(client, "/", "/logout", {"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


# An expired form


def _post_login_without_token(client, email: str):
    """Post the sign-in form with no security token, as after a lost session."""
    return client.post("/login", data={"email": email, "password": PASSWORD})


def test_sign_in_without_a_token_shows_the_form_again_with_the_email(client, site):
    response = _post_login_without_token(client, site.participant)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "expired" in page
    assert f'value="{site.participant}"' in page
    assert PASSWORD not in page
    assert csrf_from(page)
    assert person_in_header(client.get("/").get_data(as_text=True)) is None


def test_sign_in_with_an_expired_token_shows_the_form_again(client, site, monkeypatch):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    # Seven hours later: past the six hours a form may stay open.
    later = int(time.time()) + 7 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = client.post(
        "/login", data={"csrf_token": token, "email": site.participant, "password": PASSWORD}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "expired" in page
    assert f'value="{site.participant}"' in page
    assert person_in_header(page) is None


def test_register_without_a_token_keeps_what_was_typed(client):
    response = client.post(
        "/register",
        data={"display_name": "Nia New", "email": "nia@example.org", "password": NEW_PASSWORD},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "expired" in page
    assert 'value="Nia New"' in page
    assert 'value="nia@example.org"' in page
    assert NEW_PASSWORD not in page
    with client.application.app_context():
        assert _users() == []


def test_repeated_sign_in_attempts_are_slowed_down(tmp_path):
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'f.sqlite'}",
            "RATELIMIT_ENABLED": True,
        },
    )
    with app.app_context():
        db.create_all()
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    data = {"email": "nobody@example.org", "password": "wrong password", "csrf_token": token}
    statuses = [client.post("/login", data=data).status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    assert "Too many tries" in client.post("/login", data=data).get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


def test_a_hall_of_people_signing_in_from_one_address_is_not_slowed_down(tmp_path):
    """Guesses are limited per account; one Wi-Fi address for a whole hall is fine."""
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'f.sqlite'}",
            "RATELIMIT_ENABLED": True,
        },
    )
    with app.app_context():
        db.create_all()
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    statuses = [
        client.post(
            "/login",
            data={"email": f"person{n}@example.org", "password": "wrong", "csrf_token": token},
        ).status_code
        for n in range(30)
    ]
    assert statuses == [422] * 30
    with app.app_context():
        db.engine.dispose()
