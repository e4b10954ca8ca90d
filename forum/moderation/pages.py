"""Pieces the moderation views share: who may in, where to go back to, what to say after."""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, flash, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden, HTTPException

from forum import permissions
from forum.comments.session import viewer_for
from forum.errors import ForumError, InvalidInput, NotAllowed, handle_http_error
from forum.extensions import db
from forum.helpers import signed_in_user
from forum.models import Comment, Workstream
from forum.moderation import forms, queries, services
from forum.moderation.core import Action
from forum.workstreams.views import comment_url

# How a notice words each decision: "You approved the comment by Jo".
PAST = {
    Action.APPROVE: "approved",
    Action.SPAM: "marked as spam",
    Action.REMOVE: "removed",
    Action.RESTORE: "restored",
    Action.DISMISS_REPORTS: "dismissed the reports about",
    Action.KEEP_REMOVED: "kept removed",
    Action.EDIT: "edited",
}


def act_on_selection(form: forms.BulkForm) -> bool:
    """Apply the action pressed to the comments ticked; False if the form must show again."""
    if not form.validate():
        return False
    reason = services.remove_reason(form.reason.data, form.other_reason.data)
    comments = queries.comments_for_action(form.comment_id.data)
    try:
        outcome = services.moderate(comments, signed_in_user(), form.action.data, reason)
    except NotAllowed:
        abort(403)
    except InvalidInput as error:
        db.session.rollback()
        show_error(form, error)
        return False
    db.session.commit()
    flash_outcome(form.action.data, outcome)
    return True


def after_csrf_error(func):
    """Make a view that re-shows a form after a CSRF failure answer refusals itself.

    It runs inside an error handler, where an abort() would not reach the error
    pages: so it checks the person first, and turns a 403 or 404 into its page.
    """

    @wraps(func)
    def wrapper(*args, **kwargs):
        refused = refuse_unless_moderator()
        if refused is not None:
            return refused
        try:
            return func(*args, **kwargs)
        except HTTPException as error:
            return handle_http_error(error)

    return wrapper


def refuse_unless_moderator():
    """Return a redirect to sign in for a visitor, a 403 page for non-moderators, else None.

    Suspended accounts may not moderate. It returns the refusal rather than raising
    it, so the CSRF handlers, which run inside an error handler, can answer with it.
    """
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not permissions.can_use_workspace(current_user) or current_user.is_suspended():
        return handle_http_error(Forbidden())
    return None


def back_to(comment: Comment) -> str:
    """Return the address of a comment in its discussion."""
    return comment_url(comment, viewer_for(comment.proposition))


def next_url(default: str) -> str:
    """Return the page to go back to, from the form or query string, if it is on this site."""
    target = request.form.get("next") or request.args.get("next") or ""
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not target.startswith("//")
        and not parts.scheme
        and not parts.netloc
        and "\\" not in target
        and target.isprintable()
    ):
        return target
    return default


def flash_outcome(action: str, outcome: services.Outcome) -> None:
    """Say what a decision did, with an Undo button for each log row it made."""
    done, skipped = outcome.done, outcome.skipped
    names = {str(comment.id): comment.author_name for comment in done}
    for entry in outcome.actions:
        ids = list((entry.after or {}).get("comments") or {})
        what = f"the comment by {names[ids[0]]}" if len(ids) == 1 else f"{len(ids)} comments"
        where = ""
        if len(outcome.actions) > 1:
            workstream = db.session.get(Workstream, entry.workstream_id)
            where = f" in Proposition {workstream.number}: {workstream.title}"
        flash(f"You {PAST.get(action, action)} {what}{where}.", f"success undo:{entry.id}")
    if skipped:
        count = len(skipped)
        flash(
            f"{count} of the comments you selected {'was' if count == 1 else 'were'} left as "
            f"{'it was' if count == 1 else 'they were'}. {services.CANT[action]}",
            "info",
        )


def show_error(form, error: ForumError) -> None:
    """Attach a service's refusal to the field it concerns, or to the whole form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        form.form_errors.append(error.message)
        return
    field.errors = [*field.errors, error.message]
