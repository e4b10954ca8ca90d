"""The profile page: name and website, the ways to sign in, linking and unlinking them."""

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import login_required

from forum.account import services
from forum.account.forms import ProfileForm
from forum.auth import providers
from forum.auth import services as auth_services
from forum.auth.views import PENDING_LINK_KEY
from forum.errors import CSRF_MESSAGE, ForumError, redisplay_on_csrf_error
from forum.extensions import db
from forum.helpers import signed_in_user

bp = Blueprint("account", __name__, url_prefix="/profile")


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    """Show and change one's own profile and the ways one signs in."""
    user = signed_in_user()
    form = ProfileForm(obj=user) if request.method == "GET" else ProfileForm()
    if form.validate_on_submit():
        try:
            services.update_profile(user, form.display_name.data, form.website.data)
        except ForumError as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(error.message)
        else:
            db.session.commit()
            flash("Your profile has been saved.", "success")
            return redirect(url_for("account.profile"), 303)
    return _render_profile(form, 422 if form.errors else 200)


@bp.post("/identities/<int(max=2147483647):identity_id>/unlink")
@login_required
def unlink(identity_id: int):
    """Stop signing in with one provider, unless it is the last way in."""
    return _change_then_profile(
        lambda: auth_services.unlink_identity(signed_in_user(), identity_id),
        lambda identity: f"You can no longer sign in with {_title(identity.provider)}.",
    )


@bp.route("/link", methods=["GET", "POST"])
@login_required
def confirm_link():
    """Ask before adding a provider to the account, then add it."""
    pending = session.get(PENDING_LINK_KEY) or {}
    if pending.get("account") != signed_in_user().get_id():
        session.pop(PENDING_LINK_KEY, None)
        flash("There is no sign-in method waiting to be linked.", "info")
        return redirect(url_for("account.profile"), 303)
    profile = providers.Profile(**pending["profile"])
    if request.method == "GET":
        return render_template(
            "account/confirm_link.html", profile=profile, title=_title(profile.provider)
        )
    session.pop(PENDING_LINK_KEY, None)
    if request.form.get("answer") != "link":
        flash(f"Nothing changed: {_title(profile.provider)} was not linked.", "info")
        return redirect(url_for("account.profile"), 303)
    return _change_then_profile(
        lambda: auth_services.link_identity(signed_in_user(), profile),
        lambda identity: f"Done: you can now sign in with {_title(identity.provider)} too.",
    )


@redisplay_on_csrf_error("account.profile")
def profile_after_csrf_error():
    """Show the profile form again, filled in, when its security token had expired."""
    if signed_in_user() is None:
        abort(400)
    form = ProfileForm(request.form)
    form.form_errors.append(CSRF_MESSAGE)
    return _render_profile(form, 400)


def _change_then_profile(change: Callable, done: Callable[..., str]):
    """Make a change to the account, say how it went, and go back to the profile."""
    try:
        result = change()
    except ForumError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(done(result), "success")
    return redirect(url_for("account.profile"), 303)


def _render_profile(form: ProfileForm, status: int):
    """Render the profile page around a form."""
    user = signed_in_user()
    identities = auth_services.identities_of(user)
    linked = {identity.provider for identity in identities}
    return render_template(
        "account/profile.html",
        form=form,
        user=user,
        identities=identities,
        titles={provider.name: provider.title for provider in providers.enabled()},
        can_link=[provider for provider in providers.enabled() if provider.name not in linked],
        last_way_in=user.password_hash is None and len(identities) == 1,
    ), status


def _title(name: str) -> str:
    """The name people know a provider by, even if it is no longer configured here."""
    found = providers.get(name)
    return found.title if found else providers.BUILT_IN.get(name, {}).get("title", name)
