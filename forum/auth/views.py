"""Signing in, signing out and registering a local account."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from forum import database
from forum.auth import providers, services
from forum.auth.forms import LoginForm, RegisterForm
from forum.comments import drafts
from forum.errors import CSRF_MESSAGE, ForumError, redisplay_on_csrf_error
from forum.extensions import db, limiter
from forum.helpers import signed_in_user
from forum.models import MAX_ID, Proposition

bp = Blueprint("auth", __name__, url_prefix="")

# Session keys: the provider someone signed in with, for "commenting as … (GitHub)"; a
# sign-in with a provider under way; a provider's account waiting to be linked.
SIGNED_IN_WITH = "signed_in_with"
FLOW_KEY = "social_flow"
PENDING_LINK_KEY = "pending_link"

# Slows password guessing without getting in the way of a person mistyping.
LOGIN_LIMIT = "10 per minute;50 per hour"
# Per address only a ceiling: a whole summit hall signs in from one Wi-Fi address.
ADDRESS_LIMIT = "300 per 10 minutes"


def _typed_email() -> str:
    """Key password guesses by the account they aim at, not by the guesser's address."""
    return "login:" + request.form.get("email", "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"], key_func=_typed_email)
@limiter.limit(ADDRESS_LIMIT, methods=["POST"])
def login():
    """Sign in with email and password, then go back to where the person was."""
    # Signing in only reads: the password check must not hold SQLite's write lock.
    database.read_first()
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            session.pop(SIGNED_IN_WITH, None)
            flash(f"You are signed in as {user.display_name}.", "success")
            return redirect(safe_next_url(), 303)
        form.form_errors.append("The email address or password is not right. Check them both.")
    status = 422 if form.errors else 200
    return render_template(
        "auth/login.html", form=form, next=safe_next_url(), providers=providers.enabled()
    ), status


@bp.post("/logout")
def logout():
    """Sign out everywhere (a POST, so no link or image can sign someone out).

    Sent from the comment form, what was typed there is kept for the guest form.
    """
    kept = keep_draft()
    user = signed_in_user()
    if user is not None:
        services.end_sessions(user)
        db.session.commit()
    logout_user()
    # Nothing of this person's sign-in is left for whoever uses the browser next.
    for key in (SIGNED_IN_WITH, FLOW_KEY, PENDING_LINK_KEY):
        session.pop(key, None)
    message = "You have signed out."
    flash(f"{message} Your comment is still here." if kept else message, "success")
    return redirect(safe_next_url(), 303)


@bp.post("/login/keep-draft")
def login_keeping_draft():
    """From the comment form: keep what was typed, then show the ways to sign in."""
    keep_draft()
    db.session.commit()
    return redirect(url_for("auth.login", next=safe_next_url()), 303)


def keep_draft() -> bool:
    """Keep the comment typed in the form this request came from, if it came from one.

    The form names its proposition in the ``proposition`` query parameter.
    """
    number = request.args.get("proposition", "")
    if not number.isdigit() or int(number) > MAX_ID:
        return False
    proposition = db.session.get(Proposition, int(number))
    return proposition is not None and drafts.save_draft(proposition, request.form)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"])
def register():
    """Create a local account and sign in with it."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(
                form.email.data,
                form.display_name.data,
                form.password.data,
                hash_method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"),
            )
        except ForumError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            db.session.commit()
            login_user(user)
            session.pop(SIGNED_IN_WITH, None)
            flash(f"Your account is ready. You are signed in as {user.display_name}.", "success")
            return redirect(safe_next_url(), 303)
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form, next=safe_next_url()), status


@redisplay_on_csrf_error("auth.login")
def login_after_csrf_error():
    """Show the sign-in form again, email kept, when its security token had expired."""
    form = LoginForm(formdata=None, email=request.form.get("email", ""))
    form.form_errors.append(CSRF_MESSAGE)
    return render_template(
        "auth/login.html", form=form, next=safe_next_url(), providers=providers.enabled()
    ), 400


@redisplay_on_csrf_error("auth.register")
def register_after_csrf_error():
    """Show the registration form again, filled in, when its security token had expired."""
    form = RegisterForm(request.form)
    form.form_errors.append(CSRF_MESSAGE)
    return render_template("auth/register.html", form=form, next=safe_next_url()), 400


def safe_next_url(target: str | None = None) -> str:
    """Return the local address to go back to, never another site.

    Only a path on this site is followed: not ``//host``, ``/\\host``, a full URL, or
    anything with spaces or control characters, which browsers strip (``/\t/host``
    would become ``//host``).
    """
    target = request.values.get("next", "") if target is None else target
    if _is_local_path(target):
        return target
    return url_for("workstreams.home")


def _is_local_path(target: str) -> bool:
    """Whether a return address is a plain path on this site."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


@bp.app_context_processor
def signed_in_person() -> dict:
    """Expose the signed-in person, and the provider they signed in with, to templates."""
    enabled = providers.enabled()
    if not current_user.is_authenticated:
        return {"signed_in": False, "signed_in_with": None, "social_providers": enabled}
    name = session.get(SIGNED_IN_WITH)
    title = next((provider.title for provider in enabled if provider.name == name), None)
    return {"signed_in": True, "signed_in_with": title, "social_providers": enabled}
