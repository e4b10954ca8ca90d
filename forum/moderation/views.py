"""The facilitators' moderation tools: the queue, decisions on comments, undo and the logs.

Every page under /moderation/ is for facilitators and admins; each decision is then
limited to the workstreams the person facilitates by the services. The public
moderation log of a workstream is served here too, for everyone.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from forum.errors import CSRF_MESSAGE, Conflict, InvalidInput, NotAllowed, redisplay_on_csrf_error
from forum.extensions import db
from forum.helpers import page_number, signed_in_user
from forum.models import MAX_ID, Comment
from forum.moderation import forms, log_queries, people_views, queries, services, undo
from forum.moderation.core import Action
from forum.moderation.pages import (
    act_on_selection,
    after_csrf_error,
    back_to,
    flash_outcome,
    next_url,
    refuse_unless_moderator,
    show_error,
)
from forum.workstreams.queries import workstream_or_404

bp = Blueprint("moderation", __name__, url_prefix="")

PREFIX = "/moderation"
COMMENT = f"{PREFIX}/comments/<int(max={MAX_ID}):comment_id>"
# A guest has no account: their page is named by one of their comments, never their email.
GUEST = f"{PREFIX}/authors/guest/<int(max={MAX_ID}):comment_id>"


@bp.before_request
def require_moderator():
    """Send visitors to sign in, and refuse all but facilitators and admins (not the public log)."""
    if request.endpoint == "moderation.public_log":
        return None
    return refuse_unless_moderator()


@bp.app_template_global("moderation_buttons")
def moderation_buttons(status) -> tuple[str, ...]:
    """Return the one-press decisions that fit a comment with this status (for templates)."""
    return services.BUTTONS.get(status, ())


@bp.route(f"{PREFIX}/", methods=["GET", "POST"])
def queue():
    """Show a tab of the queue, or act on the comments selected in it."""
    tab = _tab()
    form = forms.BulkForm()
    if form.is_submitted() and act_on_selection(form):
        args = {"tab": tab, "workstream": request.args.get("workstream")}
        return redirect(url_for(".queue", **args), 303)
    return _queue_page(tab, form)


def _tab() -> str:
    """Return the tab of the queue asked for, or answer 404."""
    tab = request.args.get("tab", "pending")
    if tab not in queries.TABS:
        abort(404)
    return tab


def _queue_page(tab: str, form: forms.BulkForm, status: int | None = None):
    """Render a page of a tab of the queue; 422 when the selection's form has errors."""
    scope = queries.scope_for(signed_in_user(), request.args.get("workstream"))
    pagination = queries.queue_page(scope, tab, page_number())
    html = render_template(
        "moderation/queue.html",
        scope=scope,
        tab=tab,
        counts=queries.tab_counts(scope),
        page=pagination,
        items=queries.queue_items(list(pagination.items)),
        form=form,
    )
    return html, status or (422 if form.errors else 200)


@redisplay_on_csrf_error("moderation.queue")
@after_csrf_error
def queue_after_csrf_error():
    """Show the queue again, with what was selected and typed, when its token had expired."""
    form = forms.BulkForm()
    form.form_errors.append(CSRF_MESSAGE)
    return _queue_page(_tab(), form, 400)


@bp.post(f"{COMMENT}/approve")
def approve_comment(comment_id: int):
    """Publish a held comment, then go back to where the button was."""
    return _decide_one(comment_id, Action.APPROVE)


@bp.post(f"{COMMENT}/spam")
def mark_spam(comment_id: int):
    """Mark a comment as spam, then go back to where the button was."""
    return _decide_one(comment_id, Action.SPAM)


@bp.post(f"{COMMENT}/restore")
def restore_comment(comment_id: int):
    """Publish a removed comment or spam again, then go back to where the button was."""
    return _decide_one(comment_id, Action.RESTORE)


@bp.post(f"{COMMENT}/dismiss-reports")
def dismiss_reports(comment_id: int):
    """Dismiss readers' reports about a comment (showing it again if hidden), then go back."""
    return _decide_one(comment_id, Action.DISMISS_REPORTS)


@bp.post(f"{COMMENT}/keep-removed")
def keep_removed(comment_id: int):
    """Answer an author's review request by keeping their comment removed, then go back."""
    return _decide_one(comment_id, Action.KEEP_REMOVED)


def _decide_one(comment_id: int, action: str):
    """Make one decision about one comment, then go back with a notice that offers Undo."""
    comment = queries.comment_or_404(comment_id)
    try:
        outcome = services.moderate([comment], signed_in_user(), action)
    except NotAllowed:
        abort(403)
    except InvalidInput as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash_outcome(action, outcome)
    return redirect(next_url(back_to(comment)), 303)


@bp.route(f"{COMMENT}/remove", methods=["GET", "POST"])
def remove_comment(comment_id: int):
    """Remove a comment with a reason, or show the form again with what to fix."""
    comment = _moderatable(comment_id)
    form = forms.RemoveForm()
    if form.validate_on_submit():
        reason = services.remove_reason(form.reason.data, form.other_reason.data)
        try:
            outcome = services.moderate([comment], signed_in_user(), Action.REMOVE, reason)
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash_outcome(Action.REMOVE, outcome)
            return redirect(next_url(back_to(comment)), 303)
    return _comment_form_page("moderation/remove.html", comment, form)


@bp.route(f"{COMMENT}/edit", methods=["GET", "POST"])
def edit_comment(comment_id: int):
    """Change a comment's text (the old text is kept), or show the form again."""
    comment = _moderatable(comment_id)
    max_chars = current_app.config["COMMENTS_MAX_CHARS"]
    form = forms.EditForm(max_chars=max_chars)
    if not form.is_submitted():
        form.body.data = comment.body
    elif form.validate():
        try:
            action = services.edit_comment(
                comment, signed_in_user(), form.body.data, form.reason.data, max_chars
            )
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash_outcome(Action.EDIT, services.Outcome([action], [comment]))
            return redirect(next_url(back_to(comment)), 303)
    return _comment_form_page("moderation/edit.html", comment, form)


@bp.route(f"{COMMENT}/reply", methods=["GET", "POST"])
def reply_to_comment(comment_id: int):
    """Reply to a comment as a facilitator (approving it first if held), or show the form again."""
    comment = _moderatable(comment_id)
    form = forms.ReplyForm(max_chars=current_app.config["COMMENTS_MAX_CHARS"])
    if form.validate_on_submit():
        try:
            reply, approval = services.reply_as_facilitator(
                comment, signed_in_user(), form.body.data
            )
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            if approval is not None:
                flash_outcome(Action.APPROVE, services.Outcome([approval], [comment]))
            flash(f"Your reply to {comment.author_name} is published.", "success")
            return redirect(next_url(back_to(reply)), 303)
    return _comment_form_page("moderation/reply.html", comment, form)


@bp.post(f"{PREFIX}/actions/<int(max={MAX_ID}):action_id>/undo")
def undo_action(action_id: int):
    """Undo a decision, then go back to where the button was."""
    action = log_queries.action_or_404(action_id)
    try:
        undone = undo.undo(action, signed_in_user())
    except NotAllowed:
        abort(403)
    except Conflict as error:
        flash(error.message, "info")
    except InvalidInput as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        message = "Undone: everything that decision changed is back as it was."
        if undone.changed_since:
            count = len(undone.changed_since)
            message = (
                f"Undone, except for {count} comment{'s' if count != 1 else ''} changed by a "
                "later decision, left as it is now."
            )
        flash(message, "success")
    return redirect(next_url(url_for(".decisions")), 303)


@bp.get(f"{PREFIX}/log")
def decisions():
    """Show the decisions made in the person's workstreams, newest first, with Undo."""
    scope = queries.scope_for(signed_in_user(), request.args.get("workstream"))
    pagination, entries = log_queries.decisions(scope.workstream_ids, page_number())
    return render_template("moderation/log.html", scope=scope, page=pagination, entries=entries)


@bp.get("/workstreams/<ws>/moderation-log")
def public_log(ws: str):
    """Show a workstream's public moderation log: what was decided, when and why."""
    workstream = workstream_or_404(ws)
    pagination, entries = log_queries.public_log(workstream, page_number())
    return render_template(
        "moderation/public_log.html", workstream=workstream, page=pagination, entries=entries
    )


bp.add_url_rule(f"{PREFIX}/authors/", view_func=people_views.find_author, methods=["GET", "POST"])
bp.add_url_rule(
    f"{PREFIX}/authors/user/<int(max={MAX_ID}):account_id>",
    view_func=people_views.account_comments,
    methods=["GET", "POST"],
)
bp.add_url_rule(f"{GUEST}", view_func=people_views.guest_comments, methods=["GET", "POST"])
bp.add_url_rule(
    f"{PREFIX}/authors/user/<int(max={MAX_ID}):account_id>/suspend",
    view_func=people_views.suspend_account,
    methods=["GET", "POST"],
)
bp.add_url_rule(f"{GUEST}/suspend", view_func=people_views.suspend_guest, methods=["GET", "POST"])
bp.add_url_rule(f"{PREFIX}/suspensions/", view_func=people_views.list_suspensions)
bp.add_url_rule(
    f"{PREFIX}/suspensions/<int(max={MAX_ID}):suspension_id>/lift",
    view_func=people_views.lift_suspension,
    methods=["POST"],
)


def _moderatable(comment_id: int) -> Comment:
    """Return a comment the signed-in person may moderate: 404 if unknown, 403 if not theirs."""
    comment = queries.comment_or_404(comment_id)
    try:
        services.check_moderator(signed_in_user(), [comment])
    except NotAllowed:
        abort(403)
    return comment


def _comment_form_page(template: str, comment: Comment, form, status: int | None = None):
    """Render a form about one comment; 422 when it has errors."""
    if not form.next.data:
        form.next.data = next_url("")
    html = render_template(template, comment=comment, form=form, back=next_url(back_to(comment)))
    return html, status or (422 if form.errors else 200)


@redisplay_on_csrf_error("moderation.remove_comment")
@redisplay_on_csrf_error("moderation.edit_comment")
@redisplay_on_csrf_error("moderation.reply_to_comment")
@after_csrf_error
def comment_form_after_csrf_error(comment_id: int):
    """Show a comment's form again, with what was typed, when its security token had expired."""
    comment = _moderatable(comment_id)
    max_chars = current_app.config["COMMENTS_MAX_CHARS"]
    form, template = {
        "moderation.remove_comment": (forms.RemoveForm(), "moderation/remove.html"),
        "moderation.edit_comment": (forms.EditForm(max_chars=max_chars), "moderation/edit.html"),
        "moderation.reply_to_comment": (
            forms.ReplyForm(max_chars=max_chars),
            "moderation/reply.html",
        ),
    }[request.endpoint]
    form.form_errors.append(CSRF_MESSAGE)
    return _comment_form_page(template, comment, form, 400)
