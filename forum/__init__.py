"""Summit Forum: create_app() builds the application from named steps."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import CONFIGS


def create_app(config: str | None = None, overrides: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, errors, helpers, commands."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    configure(app, config or os.environ.get("FORUM_CONFIG", "development"), overrides or {})
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_security_headers(app)
    register_commands(app)
    register_page_cache(app)
    trust_proxies(app)
    return app


def configure(app: Flask, name: str, overrides: dict) -> None:
    """Load the configuration class, then any overrides; refuse to run without a key."""
    app.config.from_object(CONFIGS[name])
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set: set it in the environment.")
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "forum.sqlite")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from forum import database
    from forum.auth import providers
    from forum.auth.services import load_user
    from forum.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    # SQLite's settings and write transactions (forum/database.py), before anything connects.
    database.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "..", "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.user_loader(load_user)
    providers.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per feature."""
    from forum.account.views import bp as account_bp
    from forum.admin.views import bp as admin_bp
    from forum.api.views import bp as api_bp
    from forum.auth.social_views import bp as social_bp
    from forum.auth.views import bp as auth_bp
    from forum.comments.views import bp as comments_bp
    from forum.contributions.views import bp as contributions_bp
    from forum.manage.views import bp as manage_bp
    from forum.moderation.views import bp as moderation_bp
    from forum.workstreams.views import bp as workstreams_bp

    blueprints = (
        workstreams_bp,
        comments_bp,
        contributions_bp,
        auth_bp,
        social_bp,
        account_bp,
        moderation_bp,
        manage_bp,
        admin_bp,
        api_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_error_handlers(app: Flask) -> None:
    """Answer errors with the site's own pages."""
    from forum import errors

    errors.register_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    """Give templates the site settings and permission questions."""
    from forum import helpers

    helpers.register(app)


def register_security_headers(app: Flask) -> None:
    """Send a strict Content-Security-Policy and friends with every response."""
    from forum import security
    from forum.auth import providers

    security.init_app(app, providers.authorization_origins(app))


def register_page_cache(app: Flask) -> None:
    """Serve anonymous readers' pages and the public thread from the cache (last: outermost)."""
    from forum import pagecache

    pagecache.init_app(app)


def trust_proxies(app: Flask) -> None:
    """Behind ``PROXY_HOPS`` proxies, take the visitor's address, scheme and host from them.

    Outermost, so the page cache keys its entries by the host the app itself sees.
    """
    if app.config.get("PROXY_HOPS"):
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_commands(app: Flask) -> None:
    """Add the ``flask forum`` commands."""
    from forum.cli import forum_cli

    app.cli.add_command(forum_cli)
