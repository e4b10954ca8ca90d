"""The admins' workspace: workstreams, people, site settings and the audit log.

Every page here is for admins alone. One check runs before each request, and again
in the handlers that show a form after a CSRF failure, because those run first.
"""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from forum import permissions
from forum.admin import forms, queries, services
from forum.admin.settings_services import LABELS, update_settings
from forum.errors import CSRF_MESSAGE, ForumError, handle_http_error, redisplay_on_csrf_error
from forum.extensions import db
from forum.helpers import page_number, signed_in_user
from forum.models import MAX_ID, Role, User, Workstream
from forum.settings import configured_defaults
from forum.workstreams.queries import workstream_or_404

bp = Blueprint("admin", __name__, url_prefix="/manage")

USER_ID = f"<int(max={MAX_ID}):user_id>"
# How the audit log names the fields it shows; others show as their stored names.
AUDIT_LABELS = {
    **{name: label.capitalize() for name, label in LABELS.items()},
    "number": "Proposition number",
    "slug": "Web address",
    "summary": "Short description",
    "is_open": "Open to new comments",
}


@bp.before_request
def require_admin():
    """Send visitors to sign in, and refuse everyone but admins, before any admin page."""
    return _refuse_unless_admin()


@bp.get("/workstreams/")
def list_workstreams():
    """List the workstreams in order, with buttons to move each one up or down."""
    return render_template("admin/workstreams.html", workstreams=queries.ordered_workstreams())


@bp.route("/workstreams/new", methods=["GET", "POST"])
def new_workstream():
    """Create a workstream, or show the form again with what was typed and why not."""
    form = forms.WorkstreamForm()
    if form.validate_on_submit():
        try:
            workstream = services.create_workstream(**form.values(), actor=signed_in_user())
        except ForumError as error:
            _show_error(form, error)
        else:
            db.session.commit()
            flash(f"Workstream “{workstream.title}” created. Now name its facilitators.", "success")
            return redirect(url_for(".edit_workstream", ws=workstream.slug), 303)
    return _workstream_page(None, form)


@bp.route("/workstreams/<ws>/edit", methods=["GET", "POST"])
def edit_workstream(ws: str):
    """Change a workstream, or show the form again with what was typed and why not."""
    workstream = workstream_or_404(ws)
    form = forms.WorkstreamForm(obj=workstream)
    if form.validate_on_submit():
        try:
            changed = services.update_workstream(workstream, signed_in_user(), **form.values())
        except ForumError as error:
            _show_error(form, error)
        else:
            db.session.commit()
            _flash_saved([form[name].label.text.lower() for name in changed], workstream.title)
            return redirect(url_for(".list_workstreams"), 303)
    return _workstream_page(workstream, form)


@bp.post("/workstreams/<ws>/move")
def move_workstream(ws: str):
    """Move a workstream up or down the order, then show the list again."""
    workstream = workstream_or_404(ws)
    try:
        services.move_workstream(workstream, request.form.get("direction", ""), signed_in_user())
    except ForumError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(f"“{workstream.title}” is now Proposition {workstream.number}.", "success")
    return redirect(url_for(".list_workstreams") + f"#workstream-{workstream.id}", 303)


@bp.post("/workstreams/<ws>/facilitators")
def add_facilitator(ws: str):
    """Name a facilitator by their email address, or show the form again with why not."""
    workstream = workstream_or_404(ws)
    form = forms.FacilitatorForm()
    if form.validate_on_submit():
        try:
            person = services.add_facilitator_by_email(
                workstream, form.email.data, signed_in_user()
            )
        except ForumError as error:
            _show_error(form, error)
        else:
            db.session.commit()
            flash(f"{person.display_name} now facilitates “{workstream.title}”.", "success")
            return redirect(url_for(".edit_workstream", ws=ws) + "#facilitators", 303)
    return _workstream_page(workstream, forms.WorkstreamForm(formdata=None, obj=workstream), form)


@bp.post(f"/workstreams/<ws>/facilitators/{USER_ID}/remove")
def remove_facilitator(ws: str, user_id: int):
    """Stop someone facilitating a workstream, then go back to the page the button was on."""
    workstream = workstream_or_404(ws)
    person = queries.person_or_404(user_id)
    try:
        services.remove_facilitator(workstream, person, signed_in_user())
    except ForumError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(f"{person.display_name} no longer facilitates “{workstream.title}”.", "success")
    if request.form.get("return_to") == "person":
        return redirect(url_for(".show_person", user_id=user_id), 303)
    return redirect(url_for(".edit_workstream", ws=ws) + "#facilitators", 303)


@bp.get("/people/")
def people():
    """Find people by name or email address, a page at a time."""
    search = request.args.get("q", "").strip()[:200]
    page = queries.people_page(search, page_number())
    return render_template("admin/people.html", page=page, search=search)


@bp.get(f"/people/{USER_ID}")
def show_person(user_id: int):
    """Show a person's role and workstreams, with the forms that change them."""
    return _person_page(queries.person_or_404(user_id))


@bp.post(f"/people/{USER_ID}/role")
def change_role(user_id: int):
    """Make someone an admin or a participant, or show the form again with why not."""
    person = queries.person_or_404(user_id)
    form = forms.RoleForm()
    if form.validate_on_submit():
        try:
            changed = services.change_role(person, Role(form.role.data), signed_in_user())
        except ForumError as error:
            _show_error(form, error)
        else:
            db.session.commit()
            role = "an admin" if person.is_admin else "a participant"
            state = ("success", "now") if changed else ("info", "already")
            flash(f"{person.display_name} is {state[1]} {role}.", state[0])
            if not permissions.can_run_summit(current_user):
                return redirect(url_for("workstreams.home"), 303)  # they demoted themself
            return redirect(url_for(".show_person", user_id=user_id), 303)
    return _person_page(person, role_form=form)


@bp.post(f"/people/{USER_ID}/workstreams")
def add_person_to_workstream(user_id: int):
    """Make someone a facilitator of the workstream chosen, or show the form again."""
    person = queries.person_or_404(user_id)
    form = forms.PersonWorkstreamForm(workstreams=queries.workstreams_without(person))
    if form.validate_on_submit():
        services.add_facilitator(form.chosen, person, signed_in_user())
        db.session.commit()
        flash(f"{person.display_name} now facilitates “{form.chosen.title}”.", "success")
        return redirect(url_for(".show_person", user_id=user_id), 303)
    return _person_page(person, workstream_form=form)


@bp.route("/settings", methods=["GET", "POST"])
def edit_settings():
    """Change the summit's settings, or show the form again with what was typed and why not."""
    defaults = configured_defaults()
    form = forms.SettingsForm(defaults=defaults)
    if request.method == "GET":
        form = forms.SettingsForm.for_row(queries.settings_row(), defaults)
    if form.validate_on_submit():
        try:
            changed = update_settings(signed_in_user(), form.values())
        except ForumError as error:
            _show_error(form, error)
        else:
            db.session.commit()
            _flash_saved([LABELS[name] for name in changed], "the settings")
            return redirect(url_for(".edit_settings"), 303)
    return render_template("admin/settings.html", form=form), 422 if form.errors else 200


@bp.get("/audit")
def audit_log():
    """Show the audit log, newest first, a page at a time."""
    page = queries.audit_page(page_number())
    return render_template("admin/audit.html", page=page, labels=AUDIT_LABELS)


@redisplay_on_csrf_error("admin.new_workstream")
@redisplay_on_csrf_error("admin.edit_workstream")
@redisplay_on_csrf_error("admin.add_facilitator")
def workstream_after_csrf_error(ws: str | None = None):
    """Show a workstream's forms again, filled in, when a security token had expired."""
    refused = _refuse_unless_admin()
    if refused is not None:
        return refused
    workstream = workstream_or_404(ws) if ws else None
    if request.endpoint == "admin.add_facilitator":
        form = forms.WorkstreamForm(formdata=None, obj=workstream)
        facilitator_form = forms.FacilitatorForm()
        facilitator_form.form_errors.append(CSRF_MESSAGE)
    else:
        form, facilitator_form = forms.WorkstreamForm(), None
        form.form_errors.append(CSRF_MESSAGE)
    return _workstream_page(workstream, form, facilitator_form)[0], 400


@redisplay_on_csrf_error("admin.edit_settings")
def settings_after_csrf_error():
    """Show the settings form again, filled in, when its security token had expired."""
    refused = _refuse_unless_admin()
    if refused is not None:
        return refused
    form = forms.SettingsForm(defaults=configured_defaults())
    form.form_errors.append(CSRF_MESSAGE)
    return render_template("admin/settings.html", form=form), 400


def _refuse_unless_admin():
    """Return a redirect to sign in for a visitor, a 403 page for others not admins, else None.

    It returns the refusal rather than raising it, so the CSRF handlers, which run
    inside an error handler, can answer with it too.
    """
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not permissions.can_run_summit(current_user):
        return handle_http_error(Forbidden())
    return None


def _workstream_page(
    workstream: Workstream | None, form: forms.WorkstreamForm, facilitator_form=None
) -> tuple[str, int]:
    """Render the new or edit workstream page (with its facilitators), 422 if a form failed."""
    facilitator_form = facilitator_form or forms.FacilitatorForm(formdata=None)
    failed = form.errors or facilitator_form.errors
    html = render_template(
        "admin/workstream.html",
        workstream=workstream,
        form=form,
        facilitator_form=facilitator_form,
    )
    return html, 422 if failed else 200


def _person_page(person: User, role_form=None, workstream_form=None) -> tuple[str, int]:
    """Render a person's page with its two forms, 422 if either failed."""
    role_form = role_form or forms.RoleForm(formdata=None, role=person.role.value)
    workstream_form = workstream_form or forms.PersonWorkstreamForm(
        formdata=None, workstreams=queries.workstreams_without(person)
    )
    html = render_template(
        "admin/person.html", account=person, role_form=role_form, workstream_form=workstream_form
    )
    return html, 422 if role_form.errors or workstream_form.errors else 200


def _show_error(form, error: ForumError) -> None:
    """Attach a service's refusal to the field it concerns, or to the whole form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        form.form_errors.append(error.message)
        return
    field.errors = [*field.errors, error.message]


def _flash_saved(changed: list[str], what: str) -> None:
    """Say what a save changed, or that it changed nothing."""
    if changed:
        flash(f"Saved {what}: changed {', '.join(changed)}.", "success")
    else:
        flash(f"You made no changes to {what}, so there was nothing to save.", "info")
