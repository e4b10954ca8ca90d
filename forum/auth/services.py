"""Local accounts: creating them and checking passwords. Flushes, never commits."""

import logging

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from forum.avatars import avatar_key
from forum.errors import Conflict, InvalidInput
from forum.extensions import db
from forum.models import MAX_ID, Role, User

logger = logging.getLogger(__name__)

# Checked against when no account matches, so a wrong email takes as long as a
# wrong password and does not reveal who has an account.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(email: str) -> str:
    """Return an email address as it is stored: trimmed and lower-case."""
    return email.strip().lower()


def load_user(user_id: str) -> User | None:
    """Return the signed-in user from the id in their session, for Flask-Login."""
    if not user_id.isdigit() or int(user_id) > MAX_ID:
        return None
    return db.session.get(User, int(user_id))


def register_user(
    email: str,
    display_name: str,
    password: str | None,
    *,
    role: Role = Role.PARTICIPANT,
    hash_method: str = "scrypt",
) -> User:
    """Create a local account.

    Rules: the email is a valid address, stored lower-case, and may belong to one
    account only; the display name is not blank; the password is stored only as a salted hash.

    :raises InvalidInput: if the email is not an address or the name is blank.
    :raises Conflict: if an account already uses the email.
    """
    email = normalise_email(email)
    display_name = display_name.strip()
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise InvalidInput("Enter an email address like name@example.org.", field="email") from None
    if not display_name:
        raise InvalidInput("Enter your name.", field="display_name")
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise _email_taken()
    user = User(
        email=email,
        display_name=display_name,
        password_hash=generate_password_hash(password, method=hash_method) if password else None,
        role=role,
        avatar=avatar_key(display_name, email),
    )
    db.session.add(user)
    try:
        # A nested transaction keeps the caller's session usable if the insert fails.
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise _email_taken() from None
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the account whose email and password these are, or None."""
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None or user.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def _email_taken() -> Conflict:
    """Build the error for an email address that already has an account."""
    return Conflict(
        "An account already uses this email address. Sign in instead, or use another "
        "email address.",
        field="email",
    )
