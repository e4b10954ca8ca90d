"""Domain exceptions raised by services, and the site's error pages."""

import logging
import math
import time
from collections.abc import Callable

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, TooManyRequests

from forum import database
from forum.extensions import limiter

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


class TryLater(InvalidInput):
    """Too soon after the last time: ``retry_after`` is how many seconds to wait."""

    status_code = 429

    def __init__(self, message: str, retry_after: int, field: str | None = None):
        super().__init__(message, field)
        self.retry_after = max(1, int(retry_after))


def wait_in_words(seconds: float) -> str:
    """Say how long to wait in plain words: "40 seconds", "3 minutes", "1 hour and 5 minutes".

    Rounded up, so whoever waits that long is never refused again for the same reason.
    """
    seconds = max(1, math.ceil(seconds))
    if seconds < 100:
        return _count(seconds, "second")
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return _count(minutes, "minute")
    hours, minutes = divmod(minutes, 60)
    return _count(hours, "hour") + (f" and {_count(minutes, 'minute')}" if minutes else "")


def _count(number: int, unit: str) -> str:
    """Return "1 minute" or "3 minutes"."""
    return f"{number} {unit}{'' if number == 1 else 's'}"


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


# View functions that can show their form again, filled in, when a rate limit refused it:
# endpoint -> callable(seconds_to_wait, **view_args) returning a response.
_rate_limit_redisplay: dict[str, Callable] = {}
# How long to wait when a limit can't say (it always can, unless its storage failed).
DEFAULT_WAIT_SECONDS = 60


def redisplay_on_rate_limit(endpoint: str):
    """Register a function that re-shows a form, with what was typed, after a rate limit."""

    def decorator(func: Callable) -> Callable:
        _rate_limit_redisplay[endpoint] = func
        return func

    return decorator


# View functions that can show their form again, filled in, when the database was too busy
# to save it: endpoint -> callable(**view_args) returning a response.
_busy_redisplay: dict[str, Callable] = {}
# How long to wait before sending again when the database was busy.
BUSY_RETRY_SECONDS = 5


def redisplay_when_busy(endpoint: str):
    """Register a function that re-shows a form, with what was typed, when it could not be saved."""

    def decorator(func: Callable) -> Callable:
        _busy_redisplay[endpoint] = func
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
    503: (
        "The forum is busy",
        "So many changes are arriving just now that yours could not be saved. Go back, "
        "wait a few seconds, then send it again.",
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


def seconds_to_wait() -> int:
    """Return how many seconds until the rate limit this request broke lets it through."""
    breached = limiter.current_limit if limiter.enabled else None
    if breached is None or not breached.breached:
        return DEFAULT_WAIT_SECONDS
    return max(1, math.ceil(breached.window[0] - time.time()))


def handle_too_many_requests(error: TooManyRequests):
    """Say how long to wait, keeping a form's text where the form can be shown again."""
    wait = seconds_to_wait()
    database.end_writes()  # The view never ran: nothing to save, no write lock to hold.
    redisplay = _rate_limit_redisplay.get(request.endpoint or "")
    if request.path.startswith("/api/"):
        response = make_response(jsonify(error=error.name, status=429, retry_after=wait), 429)
    elif redisplay is not None:
        response = make_response(redisplay(wait, **(request.view_args or {})))
    else:
        page = render_template("errors/429.html", wait=wait_in_words(wait))
        response = make_response(page, 429)
    response.headers["Retry-After"] = str(wait)
    return response


def handle_csrf_error(error: CSRFError):
    """Re-show the form with what was typed, or explain that the page expired."""
    database.end_writes()  # The view never ran: nothing to save, no write lock to hold.
    redisplay = _csrf_redisplay.get(request.endpoint or "")
    if redisplay is not None:
        return redisplay(**(request.view_args or {}))
    return _error_page(400, "This page had expired", CSRF_MESSAGE)


def handle_database_error(error: OperationalError):
    """Answer 503 when others held the database too long, keeping a form's text; else 500.

    Nothing was saved: the request's transaction is rolled back, and the page is read
    without waiting for the write lock.
    """
    if not database.is_busy(error):
        return handle_unexpected_error(error)
    logger.warning(
        "Database busy: %s %s answered 503 (%s)", request.method, request.path, error.orig
    )
    database.end_writes()
    redisplay = _busy_redisplay.get(request.endpoint or "")
    if request.path.startswith("/api/"):
        body = jsonify(error="Service Unavailable", status=503, retry_after=BUSY_RETRY_SECONDS)
        response = make_response(body, 503)
    elif redisplay is not None:
        response = make_response(redisplay(**(request.view_args or {})))
    else:
        response = make_response(_error_page(503, *PAGES[503]))
    response.headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
    return response


def handle_unexpected_error(error: Exception):
    """Log an unexpected failure and show a proper error page."""
    logger.exception("Unhandled error on %s %s", request.method, request.path)
    title, message = PAGES[500]
    return _error_page(500, title, message)


def register_error_handlers(app: Flask) -> None:
    """Answer errors with friendly pages instead of Werkzeug's defaults."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(TooManyRequests, handle_too_many_requests)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(OperationalError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected_error)
