"""Signing in, signing out and registering a local account."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from forum.auth import services
from forum.auth.forms import LoginForm, RegisterForm
from forum.errors import CSRF_MESSAGE, ForumError, redisplay_on_csrf_error
from forum.extensions import db, limiter

bp = Blueprint("auth", __name__, url_prefix="")

# Slows password guessing without getting in the way of a person mistyping.
LOGIN_LIMIT = "10 per minute;50 per hour"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    """Sign in with email and password, then go back to where the person was."""
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(f"You are signed in as {user.display_name}.", "success")
            return redirect(safe_next_url(), 303)
        form.form_errors.append("The email address or password is not right. Check them both.")
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form, next=safe_next_url()), status


@bp.post("/logout")
def logout():
    """Sign out (a POST, so no link or image can sign someone out)."""
    logout_user()
    flash("You have signed out.", "success")
    return redirect(safe_next_url(), 303)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
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
            flash(f"Your account is ready. You are signed in as {user.display_name}.", "success")
            return redirect(safe_next_url(), 303)
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form, next=safe_next_url()), status


@redisplay_on_csrf_error("auth.login")
def login_after_csrf_error():
    """Show the sign-in form again, email kept, when its security token had expired."""
    form = LoginForm(formdata=None, email=request.form.get("email", ""))
    form.form_errors.append(CSRF_MESSAGE)
    return render_template("auth/login.html", form=form, next=safe_next_url()), 400


@redisplay_on_csrf_error("auth.register")
def register_after_csrf_error():
    """Show the registration form again, filled in, when its security token had expired."""
    form = RegisterForm(request.form)
    form.form_errors.append(CSRF_MESSAGE)
    return render_template("auth/register.html", form=form, next=safe_next_url()), 400


def safe_next_url() -> str:
    """Return the local address to go back to, never another site."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    if local and not parts.netloc and not parts.scheme:
        return target
    return url_for("workstreams.home")


@bp.app_context_processor
def signed_in_person() -> dict:
    """Expose the signed-in person to templates."""
    return {"signed_in": current_user.is_authenticated}
