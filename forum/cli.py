"""``flask forum`` commands: demo data, the first admin, re-rendering stored HTML."""

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from forum import markup
from forum.auth import services as auth_services
from forum.auth.forms import PASSWORD_MIN
from forum.errors import ForumError
from forum.extensions import db
from forum.models import Comment, Proposition, Role, Workstream

forum_cli = AppGroup("forum", help="Summit Forum commands.")


@forum_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if the summit already has workstreams.")
def demo_command(if_empty: bool) -> None:
    """Load the demo summit: workstreams, people, propositions and discussions."""
    from forum.demo import load_demo

    if db.session.scalar(sa.select(sa.func.count(Workstream.id))):
        if if_empty:
            click.echo("The database already has a summit; demo data not loaded.")
            return
        raise click.ClickException("The database already has a summit. Use an empty one.")
    try:
        counts = load_demo(hash_method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
    except ForumError as error:
        raise click.ClickException(
            f"The demo summit could not be loaded: {error.message}"
        ) from None
    db.session.commit()
    click.echo(
        "Loaded the demo summit: {workstreams} workstreams, {people} people, "
        "{propositions} propositions, {comments} comments ({pending} awaiting moderation). "
        "Every demo account's password is {password!r}.".format(**counts)
    )


@forum_cli.command("create-admin")
@click.option("--email", prompt="Email address")
@click.option("--name", prompt="Display name")
@click.password_option("--password", prompt="Password")
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create an admin account (prompts for anything not given as an option)."""
    # The same rule as the registration form: an empty password would make an
    # admin who can never sign in, and a short one is easy to guess.
    if len(password) < PASSWORD_MIN:
        raise click.ClickException(f"The password must be at least {PASSWORD_MIN} characters.")
    try:
        user = auth_services.register_user(
            email,
            name,
            password,
            role=Role.ADMIN,
            hash_method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"),
        )
    except ForumError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created admin {user.display_name} <{user.email}>.")


@forum_cli.command("rerender")
def rerender_command() -> None:
    """Render all stored Markdown again, after the markup policy changed."""
    for workstream in db.session.scalars(sa.select(Workstream)):
        workstream.description_html = markup.render_proposition(workstream.description)
    for proposition in db.session.scalars(sa.select(Proposition)):
        proposition.body_html = markup.render_proposition(proposition.body)
        proposition.summary = markup.excerpt(proposition.body_html, 300)
    count = 0
    for comment in db.session.scalars(sa.select(Comment).execution_options(yield_per=500)):
        comment.body_html = markup.render_comment(comment.body, max_chars=len(comment.body) + 1)
        count += 1
    db.session.commit()
    click.echo(f"Rendered again: every workstream and proposition, and {count} comments.")
