"""People, for moderators: an author's comments, suspending them, and (admins) lifting it.

These views are mounted on the moderation blueprint in forum/moderation/views.py,
whose guard lets in only facilitators and admins.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum import permissions
from forum.errors import (
    CSRF_MESSAGE,
    Conflict,
    InvalidInput,
    NotAllowed,
    NotFound,
    redisplay_on_csrf_error,
)
from forum.extensions import db
from forum.helpers import page_number, signed_in_user
from forum.models import MAX_ID, Comment, Proposition, utcnow
from forum.moderation import author_queries, forms, log_queries, queries, suspensions
from forum.moderation.pages import act_on_selection, after_csrf_error, show_error
from forum.moderation.suspensions import Author
from forum.settings import current_settings


def find_author():
    """Find someone's comments by email address, sent in a form so it stays out of addresses."""
    scope = queries.scope_for(signed_in_user(), None)
    form = forms.FindAuthorForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        account_id = author_queries.account_by_email(email, scope)
        if account_id is not None:
            return redirect(url_for(".account_comments", account_id=account_id), 303)
        comment_id = author_queries.latest_guest_comment(email, scope)
        if comment_id is not None:
            return redirect(url_for(".guest_comments", comment_id=comment_id), 303)
        form.email.errors = [
            "No one with that email address has commented in your workstreams. "
            "Check it is spelt correctly."
        ]
    status = 422 if form.errors else 200
    return render_template("moderation/find_author.html", form=form), status


def account_comments(account_id: int):
    """Show an account's comments in the person's workstreams, or act on those ticked."""
    scope = queries.scope_for(signed_in_user(), None)
    author = author_queries.account_author(account_id, scope)
    suspend = url_for(".suspend_account", account_id=account_id)
    return _author_page(author, scope, suspend)


def guest_comments(comment_id: int):
    """Show the comments of the guest who wrote this one, or act on those ticked."""
    scope = queries.scope_for(signed_in_user(), None)
    author = author_queries.guest_author(comment_id, scope)
    return _author_page(author, scope, url_for(".suspend_guest", comment_id=comment_id))


def _author_page(author: Author, scope: queries.Scope, suspend_url: str, expired: bool = False):
    """Render an author's comments with the queue's actions; act on a selection first.

    ``expired``: the selection's security token had expired, so nothing is done.
    """
    form = forms.BulkForm()
    if expired:
        form.form_errors.append(CSRF_MESSAGE)
    elif form.is_submitted() and act_on_selection(form):
        return redirect(request.path, 303)
    pagination = queries.author_page(author, scope, page_number())
    items = queries.queue_items(list(pagination.items))
    html = render_template(
        "moderation/author.html",
        author=author,
        page=pagination,
        items=items,
        form=form,
        suspension=author_queries.active_suspension(author),
        may_suspend=_may_suspend(author),
        suspend_url=suspend_url,
    )
    return html, 400 if expired else (422 if form.errors else 200)


@redisplay_on_csrf_error("moderation.account_comments")
@redisplay_on_csrf_error("moderation.guest_comments")
@after_csrf_error
def author_after_csrf_error(account_id: int | None = None, comment_id: int | None = None):
    """Show an author's comments again, with the selection, when its token had expired."""
    scope = queries.scope_for(signed_in_user(), None)
    if account_id is not None:
        author = author_queries.account_author(account_id, scope)
        suspend = url_for(".suspend_account", account_id=account_id)
    else:
        author = author_queries.guest_author(comment_id, scope)
        suspend = url_for(".suspend_guest", comment_id=comment_id)
    return _author_page(author, scope, suspend, expired=True)


def suspend_account(account_id: int):
    """Suspend an account, or show the form again with what to fix."""
    scope = queries.scope_for(signed_in_user(), None)
    author = author_queries.account_author(account_id, scope)
    return _suspend(author, url_for(".account_comments", account_id=account_id))


def suspend_guest(comment_id: int):
    """Suspend a guest's email address, or show the form again with what to fix."""
    scope = queries.scope_for(signed_in_user(), None)
    author = author_queries.guest_author(comment_id, scope)
    return _suspend(author, url_for(".guest_comments", comment_id=comment_id))


def _suspend(author: Author, back: str, form: forms.SuspendForm | None = None):
    """Check who may be suspended, then suspend them or show the form."""
    actor = signed_in_user()
    _check_may_suspend(author)
    form = form or forms.SuspendForm()
    if not form.is_submitted():
        form.from_comment.data = request.args.get("from_comment", "")
    elif not form.errors and form.validate():
        ends = suspensions.ends_for(
            form.period.data, form.until.data, utcnow(), current_settings().timezone
        )
        try:
            action = suspensions.suspend(
                actor,
                author,
                ends_at=ends,
                reason=form.reason.data,
                comments=form.comments.data,
                workstream_id=_context_workstream(form.from_comment.data),
            )
        except InvalidInput as error:
            db.session.rollback()
            if error.field == "period" and form.period.data == "date":
                error.field = "until"
            show_error(form, error)
        else:
            db.session.commit()
            flash(f"{author.name} is suspended and can't comment.", f"success undo:{action.id}")
            return redirect(back, 303)
    html = render_template("moderation/suspend.html", author=author, form=form, back=back)
    return html, 422 if form.errors else 200


def _check_may_suspend(author: Author) -> None:
    """Answer 403 or 404 unless the signed-in person may suspend this author."""
    try:
        suspensions.check_may_suspend(signed_in_user(), author)
    except NotAllowed:
        abort(403)
    except NotFound:
        abort(404)


def _may_suspend(author: Author) -> bool:
    """Whether the signed-in person may suspend this author (to offer the button)."""
    try:
        suspensions.check_may_suspend(signed_in_user(), author)
    except (NotAllowed, NotFound):
        return False
    return True


def _context_workstream(comment_id: str) -> int | None:
    """Return the workstream of the comment a suspension started from, if one they moderate."""
    if not (comment_id or "").isdigit() or int(comment_id) > MAX_ID:
        return None
    comment = db.session.get(Comment, int(comment_id))
    if comment is None:
        return None
    proposition = db.session.get(Proposition, comment.proposition_id)
    return (
        proposition.workstream_id if permissions.can_moderate(current_user, proposition) else None
    )


def list_suspensions():
    """List the suspensions in force, newest first, each with a button to lift it (admins)."""
    _require_admin()
    pagination, names = log_queries.active_suspensions(page_number())
    return render_template("moderation/suspensions.html", page=pagination, names=names)


def lift_suspension(suspension_id: int):
    """Lift a suspension now (admins), then go back to the list."""
    _require_admin()
    suspension = log_queries.suspension_or_404(suspension_id)
    try:
        suspensions.lift(suspension, signed_in_user())
    except Conflict as error:
        flash(error.message, "info")
    else:
        db.session.commit()
        flash("The suspension is lifted: they can comment again.", "success")
    return redirect(url_for(".list_suspensions"), 303)


def _require_admin() -> None:
    """Answer 403 unless the signed-in person is an admin."""
    if not permissions.is_admin(current_user):
        abort(403)


@redisplay_on_csrf_error("moderation.find_author")
@after_csrf_error
def find_author_after_csrf_error():
    """Show the search again, with the email typed, when its security token had expired."""
    form = forms.FindAuthorForm()
    form.form_errors.append(CSRF_MESSAGE)
    return render_template("moderation/find_author.html", form=form), 400


@redisplay_on_csrf_error("moderation.suspend_account")
@redisplay_on_csrf_error("moderation.suspend_guest")
@after_csrf_error
def suspend_after_csrf_error(account_id: int | None = None, comment_id: int | None = None):
    """Show the suspension form again, filled in, when its security token had expired."""
    scope = queries.scope_for(signed_in_user(), None)
    if account_id is not None:
        author = author_queries.account_author(account_id, scope)
        back = url_for(".account_comments", account_id=account_id)
    else:
        author = author_queries.guest_author(comment_id, scope)
        back = url_for(".guest_comments", comment_id=comment_id)
    form = forms.SuspendForm()
    form.form_errors.append(CSRF_MESSAGE)
    return _suspend(author, back, form)[0], 400
