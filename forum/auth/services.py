"""Accounts: local ones with passwords, identities from sign-in providers, and sessions.

Services flush and never commit.
"""

import logging

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from forum.auth.providers import Profile
from forum.avatars import avatar_key
from forum.errors import Conflict, InvalidInput, NotFound
from forum.extensions import db
from forum.models import MAX_ID, Identity, Role, User, utcnow

logger = logging.getLogger(__name__)

# Checked against when no account matches, so a wrong email takes as long as a
# wrong password and does not reveal who has an account.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(email: str) -> str:
    """Return an email address as it is stored: trimmed and lower-case."""
    return email.strip().lower()


def load_user(session_id: str) -> User | None:
    """Return the signed-in user from their session, for Flask-Login.

    The session holds ``<user id>.<session version>`` (User.get_id). Signing out bumps
    the version, so a session cookie copied before then no longer signs anyone in.
    """
    user_id, _, version = session_id.partition(".")
    if not user_id.isdigit() or int(user_id) > MAX_ID or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


def end_sessions(user: User) -> None:
    """Sign this person out everywhere: every session and remember-me cookie stops working."""
    user.session_version += 1


def sign_in_with(profile: Profile) -> User:
    """Return the account a provider's identity belongs to, making both for a new person.

    Rules: an identity is found by (provider, the provider's id for the person) only.
    An email address never joins an identity to an existing account, even a verified
    one; linking a second provider happens only from a signed-in session
    (:func:`link_identity`).
    """
    identity = _identity(profile.provider, profile.subject)
    if identity is None:
        identity = _add_identity(profile, None)
    if identity is None:
        # The same person signed in twice at once: the other request made the identity.
        identity = _identity(profile.provider, profile.subject)
        if identity is None:
            raise RuntimeError("an identity was neither added nor found")
    _refresh(identity, profile)
    return db.session.get(User, identity.user_id)


def link_identity(user: User, profile: Profile) -> Identity:
    """Add a provider to a signed-in person's account.

    :raises Conflict: if that provider account already belongs to another account here.
    """
    identity = _identity(profile.provider, profile.subject)
    if identity is not None and identity.user_id != user.id:
        raise Conflict(
            "That account is already used to sign in to a different account on this forum. "
            "Sign in with it and unlink it there first."
        )
    if identity is None:
        identity = _add_identity(profile, user)
        if identity is None:
            raise Conflict("That account has just been linked to another account.")
    _refresh(identity, profile)
    return identity


def identities_of(user: User) -> list[Identity]:
    """Return the identities linked to an account, oldest first."""
    query = sa.select(Identity).where(Identity.user_id == user.id).order_by(Identity.id)
    return list(db.session.scalars(query))


def unlink_identity(user: User, identity_id: int) -> Identity:
    """Remove one of a person's own identities, unless it is their last way to sign in.

    :raises NotFound: if the identity is not this person's.
    :raises Conflict: if they have no password and no other identity.
    """
    identities = identities_of(user)
    identity = next((each for each in identities if each.id == identity_id), None)
    if identity is None:
        raise NotFound("That sign-in method is not linked to your account.")
    if user.password_hash is None and len(identities) == 1:
        raise Conflict(
            "This is the only way you can sign in, so it can't be unlinked. "
            "Link another way to sign in first."
        )
    db.session.delete(identity)
    db.session.flush()
    return identity


def _add_identity(profile: Profile, user: User | None) -> Identity | None:
    """Add an identity to an account, or to a new account when ``user`` is None.

    Both happen in a savepoint, so if the same identity was added meanwhile (a
    double click, two tabs) nothing is left half made: the answer is None.
    """
    try:
        with db.session.begin_nested():
            if user is None:
                name = _clean_name(profile.display_name) or "Participant"
                user = User(
                    email=None,
                    display_name=name,
                    password_hash=None,
                    avatar=avatar_key(name, f"{profile.provider}:{profile.subject}"),
                )
                db.session.add(user)
                db.session.flush()
            identity = Identity(user_id=user.id, provider=profile.provider, subject=profile.subject)
            db.session.add(identity)
            db.session.flush()
    except IntegrityError:
        return None
    return identity


def _identity(provider: str, subject: str) -> Identity | None:
    """Find an identity by its provider and the provider's id for the person."""
    query = sa.select(Identity).where(Identity.provider == provider, Identity.subject == subject)
    return db.session.scalar(query)


def _refresh(identity: Identity, profile: Profile) -> None:
    """Keep what the provider last said about the person, and when it was used."""
    identity.display_name = (profile.display_name or "")[:120]
    identity.email = (profile.email or "")[:254] or None
    identity.email_verified = bool(profile.email and profile.email_verified)
    identity.avatar_url = (profile.avatar_url or "")[:500] or None
    identity.profile_url = (profile.profile_url or "")[:500] or None
    identity.last_used_at = utcnow()


def _clean_name(name: str) -> str:
    """Make a provider's display name fit ours: single spaces, 80 characters at most."""
    return " ".join((name or "").split())[:80]


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
