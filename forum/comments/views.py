"""Posting comments and replies."""

import logging

from flask import Blueprint, current_app, flash, jsonify, make_response, redirect, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from forum.comments import drafts, guards, services
from forum.comments.forms import CommentForm, GuestCommentForm
from forum.comments.session import remember_pending, save_guest_details, viewer_for
from forum.contributions.session import remember_own_comment
from forum.errors import (
    CSRF_MESSAGE,
    InvalidInput,
    TryLater,
    handle_http_error,
    redisplay_on_csrf_error,
    redisplay_on_rate_limit,
    wait_in_words,
)
from forum.extensions import db, limiter
from forum.helpers import proposition_url, signed_in_user
from forum.models import Comment, CommentStatus, Proposition
from forum.workstreams.queries import proposition_or_404
from forum.workstreams.views import comment_url, render_proposition_page

logger = logging.getLogger(__name__)

bp = Blueprint("comments", __name__, url_prefix="/workstreams")


@bp.post("/<ws>/<slug>/comments")
@limiter.limit(
    guards.person_limit,
    key_func=guards.person_key,
    scope="person",
    deduct_when=guards.was_posted,
)
@limiter.limit(guards.address_limit, scope="address")
def create_comment(ws: str, slug: str):
    """Post a comment or reply, or show the form again with what was typed and why not."""
    proposition = proposition_or_404(ws, slug)
    form = _submitted_form()
    if not form.validate():
        return render_proposition_page(proposition, form, 422)
    try:
        if isinstance(form, GuestCommentForm):
            guards.refuse_bots(form.reference.data, form.sent_shown_at)
        comment = services.post_comment(
            proposition,
            form.body.data,
            services.CommentPolicy.current(),
            user=signed_in_user(),
            guest=_guest(form),
            parent_id=form.parent,
        )
    except InvalidInput as error:
        return _refused(proposition, form, error)
    if drafts.has_draft():
        drafts.discard_draft()
    db.session.commit()
    return _show_posted(comment, form, proposition)


@bp.post("/<ws>/<slug>/comments/preview")
def preview_comment(ws: str, slug: str):
    """Show how a comment will look, as JSON for scripts or in the page without them."""
    proposition = proposition_or_404(ws, slug)
    form = _submitted_form()
    policy = services.CommentPolicy.current()
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        html = services.preview_comment(form.body.data or "", policy)
    except InvalidInput as error:
        if wants_json:
            return jsonify(error=error.message), error.status_code
        _show_error(form, error)
        return render_proposition_page(proposition, form, error.status_code)
    if wants_json:
        return jsonify(html=html)
    return render_proposition_page(proposition, form, preview_html=html)


@bp.get("/<ws>/<slug>/comments")
def comments_form_address(ws: str, slug: str):
    """Send someone who reloads the form's address back to the proposition."""
    return redirect(proposition_url(proposition_or_404(ws, slug)) + "#respond", 302)


@redisplay_on_csrf_error("comments.create_comment")
@redisplay_on_csrf_error("comments.preview_comment")
def redisplay_after_csrf_error(ws: str, slug: str):
    """Show the comment form again, filled in, when its security token had expired."""
    proposition = proposition_or_404(ws, slug)
    form = _submitted_form()
    form.form_errors.append(CSRF_MESSAGE)
    return render_proposition_page(proposition, form, 400)


@redisplay_on_rate_limit("comments.create_comment")
def redisplay_after_rate_limit(wait: int, ws: str, slug: str):
    """Show the comment form again, filled in, saying how long to wait before posting."""
    try:
        proposition = proposition_or_404(ws, slug)
    except HTTPException as error:
        return handle_http_error(error)
    form = _submitted_form()
    form.form_errors.append(_rate_limit_message(wait))
    return render_proposition_page(proposition, form, 429)


def _rate_limit_message(wait: int) -> str:
    """Explain a rate limit in plain words: whose limit it was, and how long to wait."""
    breached = limiter.current_limit
    shared = breached is not None and str(breached.request_args[-1]).endswith(":address")
    if shared:
        why = (
            "A great many comments have just been sent from your network (perhaps a shared "
            "Wi-Fi), so we are pausing new ones for a moment."
        )
    else:
        why = "You have posted several comments in a short time."
    return (
        f"{why} You can post again in {wait_in_words(wait)}. Your comment is still here, "
        "so you can send it then."
    )


def _refused(proposition: Proposition, form: CommentForm, error: InvalidInput):
    """Show the form again with a rule's refusal by the field it concerns, text kept."""
    db.session.rollback()
    _show_error(form, error)
    response = make_response(render_proposition_page(proposition, form, error.status_code))
    if isinstance(error, TryLater):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _show_posted(comment: Comment, form: CommentForm, proposition: Proposition):
    """Tell the author how their comment fared and take them to it."""
    if isinstance(form, GuestCommentForm):
        # A guest's browser is how they are known: it may edit and delete its own comments.
        remember_own_comment(comment.id)
    if comment.status == CommentStatus.PENDING:
        remember_pending(comment.id)
        flash(
            "Your comment is awaiting moderation. A facilitator will check it soon.",
            "info comment-posted",
        )
    else:
        flash("Your comment has been published.", "success comment-posted")
    response = redirect(comment_url(comment, viewer_for(proposition)), 303)
    if isinstance(form, GuestCommentForm):
        save_guest_details(response, _guest_details(form) if form.remember.data else None)
    return response


def _submitted_form() -> CommentForm:
    """Bind the posted fields to the form that fits the person (guest or signed in)."""
    form_class = CommentForm if current_user.is_authenticated else GuestCommentForm
    return form_class(request.form, max_chars=current_app.config["COMMENTS_MAX_CHARS"])


def _guest(form: CommentForm) -> services.Guest | None:
    """Return the guest's details from the form, or None when signed in."""
    if not isinstance(form, GuestCommentForm):
        return None
    return services.Guest(**_guest_details(form))


def _guest_details(form: GuestCommentForm) -> dict[str, str]:
    """Return what a guest typed about themself."""
    return {"name": form.name.data, "email": form.email.data, "website": form.website.data or ""}


def _show_error(form: CommentForm, error: InvalidInput) -> None:
    """Attach a service's refusal to the field it concerns, or to the whole form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        form.form_errors.append(error.message)
        return
    field.errors = [*field.errors, error.message]
