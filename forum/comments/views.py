"""Posting comments and replies."""

import logging
from dataclasses import dataclass

from flask import Blueprint, current_app, flash, jsonify, make_response, redirect, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from forum import database
from forum.comments import drafts, guards, services
from forum.comments.forms import CommentForm, GuestCommentForm
from forum.comments.queries import Viewer
from forum.comments.session import remember_pending, save_guest_details, viewer_for
from forum.contributions.session import remember_own_comment
from forum.errors import (
    CSRF_MESSAGE,
    InvalidInput,
    TryLater,
    handle_http_error,
    redisplay_on_csrf_error,
    redisplay_on_rate_limit,
    redisplay_when_busy,
    wait_in_words,
)
from forum.extensions import db, limiter
from forum.helpers import proposition_url, signed_in_user
from forum.models import Comment, CommentStatus, Proposition
from forum.workstreams.queries import proposition_or_404
from forum.workstreams.views import comment_url, render_proposition_page

logger = logging.getLogger(__name__)

bp = Blueprint("comments", __name__, url_prefix="/workstreams")

BUSY_MESSAGE = (
    "So many comments are arriving just now that yours could not be saved. Your comment "
    "is still here: please send it again in a few seconds."
)


@dataclass(frozen=True)
class Posted:
    """What the answer to a new comment needs, read before the commit expires its row."""

    comment_id: int
    pending: bool
    url: str


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
    # Render, then read, beside other writers; SQLite's write lock is taken (and other
    # writers wait) only to check the rules and save (forum/database.py).
    rendered = services.render_ahead(request.form.get("body", ""), _max_chars())
    database.read_first()
    proposition = proposition_or_404(ws, slug)
    form = _submitted_form()
    if not form.validate():
        return _show_form_again(proposition, form, 422)
    viewer = viewer_for(proposition)  # Before the lock: it loads what permissions ask.
    try:
        comment = _post(proposition, form, rendered)
    except InvalidInput as error:
        return _refused(proposition, form, error)
    if drafts.has_draft():
        drafts.discard_draft()
    posted = _posted(comment, proposition, viewer)
    db.session.commit()
    return _show_posted(posted, form)


@bp.post("/<ws>/<slug>/comments/preview")
def preview_comment(ws: str, slug: str):
    """Show how a comment will look, as JSON for scripts or in the page without them."""
    database.end_writes()  # A preview saves nothing: its page needs no write lock.
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


@redisplay_when_busy("comments.create_comment")
def redisplay_when_database_busy(ws: str, slug: str):
    """Show the comment form again, filled in, when the database was too busy to save it."""
    try:
        proposition = proposition_or_404(ws, slug)
    except HTTPException as error:
        return handle_http_error(error)
    form = _submitted_form()
    form.form_errors.append(BUSY_MESSAGE)
    return render_proposition_page(proposition, form, 503)


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


def _post(
    proposition: Proposition, form: CommentForm, rendered: services.RenderedBody | None
) -> Comment:
    """Refuse guests' bots, then post the comment under the write lock.

    :raises InvalidInput: from the bot traps and the rules of posting.
    """
    if isinstance(form, GuestCommentForm):
        guards.refuse_bots(form.reference.data, form.sent_shown_at)
    policy = services.CommentPolicy.current()
    database.start_writing()
    return services.post_comment(
        proposition,
        form.body.data,
        policy,
        user=signed_in_user(),
        guest=_guest(form),
        parent_id=form.parent,
        rendered=rendered,
    )


def _refused(proposition: Proposition, form: CommentForm, error: InvalidInput):
    """Show the form again with a rule's refusal by the field it concerns, text kept."""
    _show_error(form, error)
    response = make_response(_show_form_again(proposition, form, error.status_code))
    if isinstance(error, TryLater):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _show_form_again(proposition: Proposition, form: CommentForm, status: int):
    """Render the page with the form as sent, having saved nothing and given up the write lock."""
    database.end_writes()
    return render_proposition_page(proposition, form, status)


def _posted(comment: Comment, proposition: Proposition, viewer: Viewer) -> Posted:
    """Note the new comment's id, whether it waits, and its address (the page of its thread).

    Read before the commit, which would expire the rows and cost a query for each.
    """
    url = comment_url(comment, viewer)
    return Posted(comment.id, comment.status == CommentStatus.PENDING, url)


def _show_posted(posted: Posted, form: CommentForm):
    """Tell the author how their comment fared and take them to it."""
    if isinstance(form, GuestCommentForm):
        # A guest's browser is how they are known: it may edit and delete its own comments.
        remember_own_comment(posted.comment_id)
    if posted.pending:
        remember_pending(posted.comment_id)
        flash(
            "Your comment is awaiting moderation. A facilitator will check it soon.",
            "info comment-posted",
        )
    else:
        flash("Your comment has been published.", "success comment-posted")
    response = redirect(posted.url, 303)
    if isinstance(form, GuestCommentForm):
        save_guest_details(response, _guest_details(form) if form.remember.data else None)
    return response


def _max_chars() -> int:
    """The longest comment allowed (COMMENTS_MAX_CHARS)."""
    return current_app.config["COMMENTS_MAX_CHARS"]


def _submitted_form() -> CommentForm:
    """Bind the posted fields to the form that fits the person (guest or signed in)."""
    form_class = CommentForm if current_user.is_authenticated else GuestCommentForm
    return form_class(request.form, max_chars=_max_chars())


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
