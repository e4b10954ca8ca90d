"""Domain exceptions raised by services, and the site's error pages."""

import logging
from collections.abc import Callable

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)


class ForumError(Exception):
    """A rule said no; ``message`` is plain English for the person who asked."""

    status_code = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(ForumError):
    """What was sent breaks a rule; ``field`` names the form field to fix, if any."""

    status_code = 422


class NotAllowed(ForumError):
    """The person may not do this."""

    status_code = 403


class NotFound(ForumError):
    """What was asked for does not exist, or is not the person's to see."""

    status_code = 404


class Conflict(ForumError):
    """The change clashes with the current state (a duplicate, a stale edit)."""

    status_code = 409


CSRF_MESSAGE = (
    "This form had expired, so nothing was sent. Everything you typed is still "
    "here: check it and send it again."
)

# View functions that can show their form again, filled in, when its CSRF token
# fails: endpoint -> callable(**view_args) returning a response.
_csrf_redisplay: dict[str, Callable] = {}


def redisplay_on_csrf_error(endpoint: str):
    """Register a function that re-shows a form, with what was typed, after a CSRF failure."""

    def decorator(func: Callable) -> Callable:
        _csrf_redisplay[endpoint] = func
        return func

    return decorator


def _error_page(status: int, title: str, message: str):
    """Render the friendly error page."""
    return render_template("errors/error.html", title=title, message=message), status


PAGES = {
    400: ("Something was wrong with that request", "Go back and try again."),
    403: ("You can't do that", "Your account does not allow this. Sign in with another one?"),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you "
        "copied the whole address.",
    ),
    405: ("That can't be done here", "Go back and use the buttons on the page."),
    413: ("That was too large to send", "Make it shorter and try again."),
    429: (
        "Too many tries",
        "You have tried this too many times in a short while. Wait a minute, then try again.",
    ),
    500: (
        "Sorry, something went wrong on our side",
        "We have been told about it. Try again in a few minutes.",
    ),
}


def handle_http_error(error: HTTPException):
    """Answer an HTTP error with a friendly page, or JSON under /api/."""
    if request.path.startswith("/api/"):
        return jsonify(error=error.name, status=error.code), error.code
    title, message = PAGES.get(error.code or 500, PAGES[400])
    return _error_page(error.code or 500, title, message)


def handle_csrf_error(error: CSRFError):
    """Re-show the form with what was typed, or explain that the page expired."""
    redisplay = _csrf_redisplay.get(request.endpoint or "")
    if redisplay is not None:
        return redisplay(**(request.view_args or {}))
    return _error_page(400, "This page had expired", CSRF_MESSAGE)


def handle_unexpected_error(error: Exception):
    """Log an unexpected failure and show a proper error page."""
    logger.exception("Unhandled error on %s %s", request.method, request.path)
    title, message = PAGES[500]
    return _error_page(500, title, message)


def register_error_handlers(app: Flask) -> None:
    """Answer errors with friendly pages instead of Werkzeug's defaults."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
