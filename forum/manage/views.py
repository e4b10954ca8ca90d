"""The facilitators' workspace: their dashboard and propositions."""

import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import HTTPException

from forum import permissions
from forum.errors import (
    CSRF_MESSAGE,
    ForumError,
    NotAllowed,
    handle_http_error,
    redisplay_on_csrf_error,
)
from forum.extensions import db
from forum.helpers import signed_in_user
from forum.manage import queries, services
from forum.manage.forms import PropositionForm
from forum.models import MAX_ID, Proposition, PropositionStatus, Workstream
from forum.settings import current_settings

logger = logging.getLogger(__name__)

bp = Blueprint("manage", __name__, url_prefix="/manage")

PROPOSITION = f"/propositions/<int(max={MAX_ID}):proposition_id>"
SAVED = {
    PropositionStatus.DRAFT: "“{}” was saved as a draft.",
    PropositionStatus.SCHEDULED: "“{}” was saved. It will be published at the time you chose.",
    PropositionStatus.PUBLISHED: "“{}” was saved and is published.",
    PropositionStatus.ARCHIVED: "“{}” was saved. It is archived.",
}


@bp.get("/")
@login_required
def dashboard():
    """Show a facilitator's workstreams and their propositions, grouped by stage."""
    if not permissions.can_use_workspace(current_user):
        abort(403)
    return render_template("manage/dashboard.html", dashboard=queries.dashboard(signed_in_user()))


@bp.route("/workstreams/<ws>/propositions/new", methods=["GET", "POST"])
@login_required
def new_proposition(ws: str):
    """Write a new proposition in a workstream, or show the form again with what to fix."""
    workstream = _workstream_to_write_in(ws)
    form = _submitted_form()
    if not form.is_submitted():
        return _editor(form, workstream)
    if not form.validate():
        return _editor(form, workstream, status=422)
    try:
        fields = services.PropositionFields(**form.values())
        proposition = services.write_proposition(workstream, signed_in_user(), fields)
    except ForumError as error:
        return _refused(error, form, workstream)
    db.session.commit()
    flash(SAVED[proposition.status].format(proposition.title), "success")
    return redirect(url_for("manage.edit_proposition", proposition_id=proposition.id), 303)


@bp.post("/workstreams/<ws>/propositions/new/preview")
@login_required
def preview_new_proposition(ws: str):
    """Show how a new proposition's text will look, with the form still filled in."""
    return _preview(_submitted_form(), _workstream_to_write_in(ws))


@bp.route(f"{PROPOSITION}/edit", methods=["GET", "POST"])
@login_required
def edit_proposition(proposition_id: int):
    """Edit a proposition, or show the form again with what to fix."""
    proposition = _editable(proposition_id)
    form = _submitted_form()
    if not form.is_submitted():
        form = PropositionForm.for_proposition(proposition, current_settings().timezone)
        return _editor(form, proposition.workstream, proposition)
    if not form.validate():
        return _editor(form, proposition.workstream, proposition, status=422)
    try:
        fields = services.PropositionFields(**form.values())
        services.update_proposition(proposition, signed_in_user(), fields)
    except ForumError as error:
        return _refused(error, form, proposition.workstream, proposition)
    db.session.commit()
    flash(SAVED[proposition.status].format(proposition.title), "success")
    return redirect(url_for("manage.edit_proposition", proposition_id=proposition.id), 303)


@bp.post(f"{PROPOSITION}/edit/preview")
@login_required
def preview_proposition(proposition_id: int):
    """Show how an edited proposition's text will look, with the form still filled in."""
    proposition = _editable(proposition_id)
    return _preview(_submitted_form(), proposition.workstream, proposition)


@bp.post(f"{PROPOSITION}/publish")
@login_required
def publish_proposition(proposition_id: int):
    """Publish a proposition now, then go back to its editor."""
    proposition = _editable(proposition_id)
    return _change_status(proposition, services.publish_proposition, "“{}” is published.")


@bp.post(f"{PROPOSITION}/archive")
@login_required
def archive_proposition(proposition_id: int):
    """Archive a proposition (still readable, comments closed), then go back to its editor."""
    proposition = _editable(proposition_id)
    return _change_status(proposition, services.archive_proposition, "“{}” is archived.")


@redisplay_on_csrf_error("manage.new_proposition")
@redisplay_on_csrf_error("manage.preview_new_proposition")
def _new_after_csrf_error(ws: str):
    """Show the new proposition's form again, filled in, when its security token had expired."""
    return _after_csrf_error(lambda: (_workstream_to_write_in(ws), None))


@redisplay_on_csrf_error("manage.edit_proposition")
@redisplay_on_csrf_error("manage.preview_proposition")
def _edit_after_csrf_error(proposition_id: int):
    """Show a proposition's form again, filled in, when its security token had expired."""

    def load() -> tuple[Workstream, Proposition]:
        """Load the proposition, if this person may edit it."""
        proposition = _editable(proposition_id)
        return proposition.workstream, proposition

    return _after_csrf_error(load)


def _after_csrf_error(load):
    """Re-show the editor with what was typed, after the same checks as the view's own."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    try:
        workstream, proposition = load()
    except HTTPException as error:
        return handle_http_error(error)
    form = _submitted_form()
    form.form_errors.append(CSRF_MESSAGE)
    return _editor(form, workstream, proposition, status=400)


def _workstream_to_write_in(slug: str) -> Workstream:
    """Return the workstream with this slug if this person runs it; else 404 or 403."""
    workstream = queries.workstream_by_slug(slug)
    if workstream is None:
        abort(404)
    if not permissions.can_facilitate(current_user, workstream):
        abort(403)
    return workstream


def _editable(proposition_id: int) -> Proposition:
    """Return the proposition if this person may edit it; else 404 or 403."""
    proposition = queries.proposition_for_editor(proposition_id)
    if proposition is None:
        abort(404)
    if not permissions.can_edit_proposition(current_user, proposition):
        abort(403)
    return proposition


def _submitted_form() -> PropositionForm:
    """Bind the posted fields (if any) to the editor's form."""
    return PropositionForm(timezone=current_settings().timezone)


def _preview(form: PropositionForm, workstream: Workstream, proposition=None):
    """Render the editor with a preview of the text, or with why there is none."""
    try:
        html = services.preview_proposition(form.body.data or "")
    except ForumError as error:
        _show_error(form, error)
        return _editor(form, workstream, proposition, status=error.status_code)
    return _editor(form, workstream, proposition, preview_html=html)


def _change_status(proposition: Proposition, change, message: str):
    """Publish or archive through the services, then go back to the editor with the outcome."""
    try:
        change(proposition, signed_in_user())
    except NotAllowed:
        abort(403)
    except ForumError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(message.format(proposition.title), "success")
    return redirect(url_for("manage.edit_proposition", proposition_id=proposition.id), 303)


def _refused(error: ForumError, form: PropositionForm, workstream: Workstream, proposition=None):
    """Show the editor again after a service said no, with its reason by the right field."""
    db.session.rollback()
    if isinstance(error, NotAllowed):
        abort(403)
    _show_error(form, error)
    return _editor(form, workstream, proposition, status=error.status_code)


def _show_error(form: PropositionForm, error: ForumError) -> None:
    """Attach a service's refusal to the field it concerns, or to the whole form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        form.form_errors.append(error.message)
        return
    field.errors = [*field.errors, error.message]


def _editor(
    form: PropositionForm,
    workstream: Workstream,
    proposition: Proposition | None = None,
    status: int = 200,
    preview_html: str = "",
):
    """Render the editor: empty, filled in, showing errors or a preview.

    ``preview_html`` must come from forum/markup (through the services).
    """
    body = render_template(
        "manage/editor.html",
        form=form,
        workstream=workstream,
        proposition=proposition,
        stage=queries.stage(proposition) if proposition is not None else None,
        preview_html=preview_html,
        timezone=current_settings().timezone,
    )
    return body, status
