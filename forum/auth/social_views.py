"""Signing in with a provider (Google, GitHub, …): off to the provider and back.

``POST /auth/<provider>/start`` keeps the comment being written, notes where to come
back to, and sends the person to the provider; ``GET /auth/<provider>/callback`` is
where the provider sends them back. Authlib checks ``state`` (kept per provider, so
one provider's answer can't complete another's sign-in), sends the PKCE verifier,
and validates OpenID Connect ID tokens (signature, issuer, audience, expiry, nonce).
Whatever goes wrong, the person lands back where they were with a plain message and
their comment; the details go to the log.
"""

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from flask import Blueprint, abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user
from joserfc.errors import JoseError

from forum.auth import providers, services
from forum.auth.views import (
    FLOW_KEY,
    PENDING_LINK_KEY,
    SIGNED_IN_WITH,
    keep_draft,
    safe_next_url,
)
from forum.comments import drafts
from forum.extensions import db, limiter

logger = logging.getLogger(__name__)

bp = Blueprint("social", __name__, url_prefix="/auth")

# A ceiling per IP address against scripted floods, high because a whole summit hall
# shares one address behind its Wi-Fi.
START_LIMIT = "120 per minute"

# Errors that mean "the provider said no, or its answer can't be trusted".
REFUSALS = (AuthlibBaseError, JoseError, providers.ProfileError, ValueError, KeyError, TypeError)


@bp.post("/<provider>/start")
@limiter.limit(START_LIMIT)
def start(provider: str):
    """Keep the comment being written, then send the person to the provider."""
    found = providers.get(provider) or abort(404)
    next_url = safe_next_url()
    linking = request.form.get("intent") == "link"
    if linking and not current_user.is_authenticated:
        flash("Sign in first, then link another way to sign in from your profile.", "info")
        return redirect(url_for("auth.login", next=url_for("account.profile")), 303)
    kept = keep_draft()
    db.session.commit()
    session[FLOW_KEY] = {
        "provider": found.name,
        "intent": "link" if linking else "login",
        "next": next_url,
        "account": current_user.get_id() if linking else None,
    }
    client = providers.client(found.name)
    try:
        authorization = client.create_authorization_url(_redirect_uri(found.name))
    except requests.RequestException as error:
        # OpenID Connect providers are asked for their settings first; they may be down.
        logger.warning("Could not start sign-in with %s: %r", found.name, error)
        session.pop(FLOW_KEY, None)
        flash(_unreachable(found, kept), "error")
        return redirect(next_url, 303)
    client.save_authorize_data(redirect_uri=_redirect_uri(found.name), **authorization)
    return redirect(authorization["url"], 303)


@bp.get("/<provider>/callback")
def callback(provider: str):
    """Finish signing in (or linking) with the answer the provider sent back."""
    found = providers.get(provider) or abort(404)
    flow = session.pop(FLOW_KEY, None)
    kept = drafts.has_draft()
    if not flow or flow.get("provider") != found.name:
        # No sign-in was started here for this provider: a replayed, stale or crossed answer.
        logger.warning("Sign-in answer from %s with no matching start (flow %r)", provider, flow)
        flash(_refused(found, kept), "error")
        return redirect(url_for("auth.login"), 303)
    next_url = safe_next_url(flow.get("next", ""))
    if request.args.get("error"):
        logger.info(
            "%s refused sign-in: %s %s",
            found.name,
            request.args.get("error"),
            request.args.get("error_description", ""),
        )
        flash(_refused(found, kept), "error")
        return redirect(next_url, 303)
    try:
        token = providers.authorize_access_token(found)
        profile = providers.fetch_profile(found, token)
    except requests.RequestException as error:
        logger.warning("Sign-in with %s failed to reach the provider: %r", found.name, error)
        flash(_unreachable(found, kept), "error")
        return redirect(next_url, 303)
    except REFUSALS as error:
        logger.warning("Sign-in with %s refused: %r", found.name, error)
        flash(_refused(found, kept), "error")
        return redirect(next_url, 303)
    if flow["intent"] == "link":
        return _ask_to_link(found, profile, flow)
    user = services.sign_in_with(profile)
    db.session.commit()
    login_user(user)
    session[SIGNED_IN_WITH] = found.name
    message = f"You are signed in as {user.display_name} with {found.title}."
    if kept:
        message += " Your comment is still here: check it, then post it."
    flash(message, "success")
    return redirect(next_url, 303)


def _ask_to_link(found: providers.Provider, profile: providers.Profile, flow: dict):
    """Hold the provider's answer and ask the signed-in person to confirm the link."""
    if not current_user.is_authenticated or current_user.get_id() != flow.get("account"):
        flash("You were signed out before the link was made. Sign in and try again.", "error")
        return redirect(url_for("auth.login"), 303)
    # Kept with the account it was asked for: whoever signs in next on this browser
    # can't confirm it.
    session[PENDING_LINK_KEY] = {"account": flow["account"], "profile": profile.to_dict()}
    return redirect(url_for("account.confirm_link"), 303)


def _redirect_uri(name: str) -> str:
    """The callback address registered with the provider.

    Built from ``PUBLIC_URL`` when it is set, so a forged Host header can't change it.
    """
    path = url_for("social.callback", provider=name)
    base = current_app.config.get("PUBLIC_URL")
    return f"{base}{path}" if base else url_for("social.callback", provider=name, _external=True)


def _refused(found: providers.Provider, kept: bool) -> str:
    """The message for a provider that said no or sent something we can't accept."""
    return f"{found.title} didn't let us sign you in. " + _what_next(kept)


def _unreachable(found: providers.Provider, kept: bool) -> str:
    """The message for a provider that could not be reached or did not answer in time."""
    return f"We couldn't reach {found.title} just now. " + _what_next(kept)


def _what_next(kept: bool) -> str:
    """Reassure the person about their comment and tell them what they can do."""
    comment = "Your comment is still here. " if kept else ""
    return f"{comment}Try again, choose another way to sign in, or comment as a guest."
