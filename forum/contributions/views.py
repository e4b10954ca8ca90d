"""Pages where authors edit, delete or ask for a review of their comment, and readers report one."""

import logging
from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from werkzeug.exceptions import HTTPException

from forum.comments.queries import is_visible
from forum.comments.services import CommentPolicy
from forum.comments.session import own_pending_ids, remember_pending, viewer_for
from forum.contributions import queries, reports, services
from forum.contributions.forms import ConfirmForm, EditCommentForm, ReportForm, ReviewForm
from forum.contributions.session import guest_reporter_key, own_comment_ids
from forum.errors import (
    CSRF_MESSAGE,
    Conflict,
    ForumError,
    InvalidInput,
    handle_http_error,
    redisplay_on_csrf_error,
)
from forum.extensions import db, limiter
from forum.helpers import proposition_url, signed_in_user
from forum.models import MAX_ID, Comment, CommentStatus, ReportReason, Workstream
from forum.workstreams.views import comment_url

logger = logging.getLogger(__name__)

bp = Blueprint("contributions", __name__, url_prefix="/comments")

COMMENT = f"/<int(max={MAX_ID}):comment_id>"
TEMPLATES = {
    "contributions.edit_comment": "contributions/edit.html",
    "contributions.report_comment": "contributions/report.html",
    "contributions.request_review": "contributions/review.html",
}


@bp.app_template_global("comment_links")
def comment_links(node, moderator: bool) -> services.CommentLinks:
    """Tell the comment partial which of the reader's links to show on a comment."""
    return services.links_for(node, moderator)


@bp.route(f"{COMMENT}/edit", methods=["GET", "POST"])
def edit_comment(comment_id: int):
    """Let the author change their comment during the edit window."""
    comment = _comment_of_author(comment_id)
    try:
        services.check_can_edit(comment, signed_in_user(), _browser_comment_ids())
    except ForumError as error:
        return _refusal("You can't edit this comment", error, comment)
    form = EditCommentForm(max_chars=current_app.config["COMMENTS_MAX_CHARS"])
    if request.method == "GET":
        form.body.data = comment.body
    elif form.validate_on_submit():
        return _save_edit(comment, form)
    return _page("contributions/edit.html", comment, form, deadline=services.edit_deadline(comment))


def _save_edit(comment: Comment, form: EditCommentForm):
    """Save the new text, or show the form again with why not."""
    try:
        changed = services.edit_comment(
            comment,
            form.body.data,
            user=signed_in_user(),
            own_ids=_browser_comment_ids(),
            policy=CommentPolicy.current().for_workstream(
                db.session.get(Workstream, comment.proposition.workstream_id)
            ),
        )
    except ForumError as error:
        db.session.rollback()
        return _form_refusal(form, "body", error, comment, deadline=services.edit_deadline(comment))
    db.session.commit()
    _after_edit(comment, changed)
    return redirect(_back_to(comment), 303)


@bp.route(f"{COMMENT}/delete", methods=["GET", "POST"])
def delete_comment(comment_id: int):
    """Ask the author to confirm, then delete their comment."""
    comment = _comment_of_author(comment_id)
    own = _browser_comment_ids()
    try:
        services.check_can_delete(comment, signed_in_user(), own)
    except ForumError as error:
        return _refusal("You can't delete this comment", error, comment)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_comment(comment, signed_in_user(), own)
        db.session.commit()
        flash("Your comment has been deleted.", "success")
        return redirect(_back_to(comment), 303)
    return _page("contributions/delete.html", comment, form)


def _guest_report_key() -> str:
    """Rate-limit guests' reports per address and browser (a summit hall shares one address)."""
    return f"{get_remote_address()}/{guest_reporter_key(create=False) or '-'}"


def _reports_limit() -> str:
    """How many reports a guest's browser may send (configurable: REPORTS_GUEST_LIMIT)."""
    return current_app.config.get("REPORTS_GUEST_LIMIT", "10 per hour")


def _reports_ip_limit() -> str:
    """A high ceiling per address for guests' reports (configurable: REPORTS_GUEST_IP_LIMIT)."""
    return current_app.config.get("REPORTS_GUEST_IP_LIMIT", "100 per hour")


@bp.route(f"{COMMENT}/report", methods=["GET", "POST"])
@limiter.limit(
    _reports_limit,
    key_func=_guest_report_key,
    methods=["POST"],
    exempt_when=lambda: current_user.is_authenticated,
    scope="guest-reports",
)
@limiter.limit(
    _reports_ip_limit,
    methods=["POST"],
    exempt_when=lambda: current_user.is_authenticated,
    scope="guest-reports-per-address",
)
def report_comment(comment_id: int):
    """Let a reader tell the facilitators what is wrong with a comment."""
    comment = _public_comment(comment_id)
    reporter = _reporter()
    try:
        reports.check_can_report(comment, reporter, _browser_comment_ids())
    except ForumError as error:
        return _refusal("You can't report this comment", error, comment)
    form = ReportForm()
    if form.validate_on_submit():
        reason = ReportReason(form.reason.data)
        try:
            reports.report_comment(
                comment, reporter, reason, form.details.data or "", own_ids=_browser_comment_ids()
            )
        except ForumError as error:
            db.session.rollback()
            return _refusal("You can't report this comment", error, comment)
        db.session.commit()
        flash("Thank you. A facilitator will look at the comment.", "success")
        return redirect(_back_to(comment), 303)
    return _page("contributions/report.html", comment, form)


@bp.route(f"{COMMENT}/review", methods=["GET", "POST"])
@login_required
def request_review(comment_id: int):
    """Let the author of a removed comment ask a facilitator to look at it again."""
    comment = _comment_of_author(comment_id)
    try:
        services.check_can_request_review(comment, signed_in_user())
    except ForumError as error:
        return _refusal("You can't ask for a review of this comment", error, comment)
    waiting = services.open_review_request(comment)
    form = ReviewForm()
    if waiting is None and form.validate_on_submit():
        try:
            services.request_review(comment, signed_in_user(), form.message.data)
        except ForumError as error:
            db.session.rollback()
            return _form_refusal(form, "message", error, comment, open_request=None)
        db.session.commit()
        flash(
            "Your request has been sent. A facilitator will look at your comment again.", "success"
        )
        return redirect(_back_to(comment), 303)
    return _page("contributions/review.html", comment, form, open_request=waiting)


@redisplay_on_csrf_error("contributions.edit_comment")
@redisplay_on_csrf_error("contributions.report_comment")
@redisplay_on_csrf_error("contributions.request_review")
def redisplay_after_csrf_error(comment_id: int):
    """Show the form again, with what was typed, when its security token had expired.

    The same checks as the page's own GET come first, so nobody sees a form they
    could not open.
    """
    try:
        return _redisplay(request.endpoint, comment_id)
    except HTTPException as error:
        # Raised inside an error handler, an abort(404) would not reach the 404 page.
        return handle_http_error(error)


def _redisplay(endpoint: str, comment_id: int):
    """Check the person may open the form, then show it again with a note about the token."""
    user, own = signed_in_user(), _browser_comment_ids()
    if endpoint == "contributions.report_comment":
        comment = _public_comment(comment_id)
        check = partial(reports.check_can_report, comment, _reporter(), own)
        form, context = ReportForm(request.form), {}
    else:
        comment = _comment_of_author(comment_id)
        if endpoint == "contributions.edit_comment":
            check = partial(services.check_can_edit, comment, user, own)
            form = EditCommentForm(request.form, max_chars=current_app.config["COMMENTS_MAX_CHARS"])
            context = {"deadline": services.edit_deadline(comment)}
        else:
            check = partial(services.check_can_request_review, comment, user)
            form, context = ReviewForm(request.form), {"open_request": None}
    try:
        check()
    except ForumError as error:
        return _refusal("That could not be done", error, comment)
    form.form_errors.append(CSRF_MESSAGE)
    return _page(TEMPLATES[endpoint], comment, form, status=400, **context)


def _browser_comment_ids() -> frozenset[int]:
    """Return the ids of comments this browser posted as a guest (held or published)."""
    return own_comment_ids() | own_pending_ids()


def _public_comment(comment_id: int) -> Comment:
    """Return a comment this reader can see in the thread, or answer 404."""
    comment = queries.comment_or_404(comment_id)
    if not is_visible(comment, viewer_for(comment.proposition)):
        abort(404)
    return comment


def _comment_of_author(comment_id: int) -> Comment:
    """Return a comment for its author's pages; others get 404 unless it is public."""
    comment = queries.comment_or_404(comment_id)
    if not services.is_author(comment, signed_in_user(), _browser_comment_ids()) and (
        not is_visible(comment, viewer_for(comment.proposition))
    ):
        abort(404)
    return comment


def _reporter() -> reports.Reporter:
    """Describe who is reporting: their account, or this browser's random key."""
    user = signed_in_user()
    if user is not None:
        return reports.Reporter(user=user)
    return reports.Reporter(guest_key=guest_reporter_key())


def _after_edit(comment: Comment, changed: bool) -> None:
    """Tell the author how their edit fared."""
    if not changed:
        flash("You didn't change anything, so your comment is as it was.", "info")
    elif comment.status == CommentStatus.PENDING:
        remember_pending(comment.id)
        flash(
            "Your comment has been updated. A facilitator will check it before it is shown.",
            "info",
        )
    else:
        flash("Your comment has been updated.", "success")


def _back_to(comment: Comment) -> str:
    """Return where the comment is in its thread, or the discussion if it has gone."""
    viewer = viewer_for(comment.proposition)
    if is_visible(comment, viewer):
        return comment_url(comment, viewer)
    return proposition_url(comment.proposition, _anchor="comments")


def _page(template: str, comment: Comment, form, status: int | None = None, **context):
    """Render one of this feature's pages about a comment."""
    if status is None:
        status = 422 if form.errors else 200
    body = render_template(
        template,
        comment=comment,
        proposition=comment.proposition,
        form=form,
        back=_back_to(comment),
        **context,
    )
    return body, status


def _form_refusal(form, field: str, error: ForumError, comment: Comment, **context):
    """Show a service's refusal by the field it concerns, keeping what was typed."""
    if isinstance(error, InvalidInput) and error.field == field:
        getattr(form, field).errors = [*getattr(form, field).errors, error.message]
        template = TEMPLATES[request.endpoint]
        return _page(template, comment, form, status=error.status_code, **context)
    return _refusal("That could not be done", error, comment)


def _refusal(title: str, error: ForumError, comment: Comment):
    """Explain in plain words why not, with a way back to the discussion."""
    message, status = error.message, error.status_code
    if isinstance(error, Conflict):
        # Already done: the page says so as its heading, and a GET is answered normally.
        title, message = message.rstrip("."), "A facilitator will look at it."
        status = 200 if request.method == "GET" else status
    body = render_template(
        "contributions/message.html",
        title=title,
        message=message,
        comment=comment,
        proposition=comment.proposition,
        back=_back_to(comment),
    )
    return body, status
