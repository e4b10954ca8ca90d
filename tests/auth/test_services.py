"""The account rules: registering and checking passwords."""

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from forum.auth.services import authenticate, register_user
from forum.errors import Conflict, InvalidInput
from forum.extensions import db
from forum.models import Role, User
from tests.conftest import PASSWORD

FAST_HASH = "pbkdf2:sha256:1000"


def _users() -> list[User]:
    """Return every account."""
    return list(db.session.scalars(sa.select(User).order_by(User.id)))


def test_register_user_stores_a_tidy_email_and_only_a_hash(app):
    with app.app_context():
        register_user("  Jo.Bloggs@Example.ORG ", "  Jo Bloggs ", PASSWORD, hash_method=FAST_HASH)
        db.session.commit()
    with app.app_context():
        [user] = _users()
        assert user.email == "jo.bloggs@example.org"
        assert user.display_name == "Jo Bloggs"
        assert user.role == Role.PARTICIPANT
        assert PASSWORD not in user.password_hash
        assert user.password_hash.startswith("pbkdf2:sha256:1000$")
        assert check_password_hash(user.password_hash, PASSWORD)


def test_register_user_refuses_a_blank_name(app):
    with app.app_context():
        with pytest.raises(InvalidInput) as raised:
            register_user("jo@example.org", "   ", PASSWORD, hash_method=FAST_HASH)
        assert raised.value.field == "display_name"
        db.session.commit()
    with app.app_context():
        assert _users() == []


def test_register_user_refuses_an_email_in_use_whatever_its_case(app):
    with app.app_context():
        register_user("jo@example.org", "Jo", PASSWORD, hash_method=FAST_HASH)
        db.session.commit()
    with app.app_context():
        with pytest.raises(Conflict) as raised:
            register_user(" JO@Example.org", "Another Jo", PASSWORD, hash_method=FAST_HASH)
        assert raised.value.field == "email"
        assert "already uses this email address" in raised.value.message
        # The session is still usable for the next account.
        register_user("someone@example.org", "Someone", PASSWORD, hash_method=FAST_HASH)
        db.session.commit()
    with app.app_context():
        assert [u.email for u in _users()] == ["jo@example.org", "someone@example.org"]


def test_authenticate_accepts_the_right_password_and_any_case_of_email(app):
    with app.app_context():
        register_user("jo@example.org", "Jo", PASSWORD, hash_method=FAST_HASH)
        db.session.commit()
    with app.app_context():
        user = authenticate(" Jo@EXAMPLE.org ", PASSWORD)
        assert user is not None and user.email == "jo@example.org"


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("jo@example.org", "not the password"),
        ("jo@example.org", PASSWORD.upper()),
        ("nobody@example.org", PASSWORD),
        ("", PASSWORD),
    ],
)
def test_authenticate_refuses_a_wrong_password_or_unknown_email(app, email, password):
    with app.app_context():
        register_user("jo@example.org", "Jo", PASSWORD, hash_method=FAST_HASH)
        db.session.commit()
    with app.app_context():
        assert authenticate(email, password) is None


def test_an_account_without_a_password_cannot_sign_in_with_one(app):
    with app.app_context():
        register_user("social@example.org", "Social Sam", None, hash_method=FAST_HASH)
        db.session.commit()
    with app.app_context():
        [user] = _users()
        assert user.password_hash is None
        assert authenticate("social@example.org", "") is None
        assert authenticate("social@example.org", PASSWORD) is None
