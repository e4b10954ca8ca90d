"""Configuration classes, read from the environment.

Pick one with ``FORUM_CONFIG`` (``development``, ``production`` or ``testing``);
the default is development, which runs on SQLite in ``instance/`` with demo data.
"""

import os
import re
from datetime import timedelta
from typing import ClassVar


def _env_bool(name: str, default: bool) -> bool:
    """Read a yes/no setting from the environment."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    """Read a whole-number setting from the environment."""
    value = os.environ.get(name)
    return int(value) if value else default


def _env_words(name: str) -> str:
    """Read a list of words or phrases: one a line, or separated by commas in the environment."""
    value = os.environ.get(name, "")
    return "\n".join(part.strip() for part in re.split(r"[\n,]", value) if part.strip())


def social_login_from_env() -> dict[str, dict]:
    """Read the configured sign-in providers: only those with a client id and secret count.

    Built-in providers read ``FORUM_<NAME>_CLIENT_ID`` and ``FORUM_<NAME>_CLIENT_SECRET``
    (``GOOGLE``, ``GITHUB``, ``FACEBOOK``, ``X``, ``WORDPRESS``). Any number of other
    OpenID Connect providers are listed in ``FORUM_OIDC_PROVIDERS`` (``council,keycloak``),
    each with ``FORUM_OIDC_<KEY>_NAME``, ``_ISSUER`` or ``_METADATA_URL``, ``_CLIENT_ID``
    and ``_CLIENT_SECRET``. The README explains each provider's console set-up.
    """
    providers: dict[str, dict] = {}
    for name in ("google", "github", "facebook", "x", "wordpress"):
        prefix = f"FORUM_{name.upper()}_"
        client_id = os.environ.get(prefix + "CLIENT_ID")
        client_secret = os.environ.get(prefix + "CLIENT_SECRET")
        if client_id and client_secret:
            providers[name] = {"client_id": client_id, "client_secret": client_secret}
            if name == "google" and os.environ.get(prefix + "METADATA_URL"):
                providers[name]["metadata_url"] = os.environ[prefix + "METADATA_URL"]
    for key in filter(None, os.environ.get("FORUM_OIDC_PROVIDERS", "").replace(" ", "").split(",")):
        prefix = f"FORUM_OIDC_{key.upper().replace('-', '_')}_"
        issuer = os.environ.get(prefix + "ISSUER", "").rstrip("/")
        metadata_url = os.environ.get(prefix + "METADATA_URL") or (
            f"{issuer}/.well-known/openid-configuration" if issuer else ""
        )
        client_id = os.environ.get(prefix + "CLIENT_ID")
        client_secret = os.environ.get(prefix + "CLIENT_SECRET")
        if client_id and client_secret and metadata_url:
            providers[key.lower()] = {
                "kind": "oidc",
                "title": os.environ.get(prefix + "NAME", key),
                "metadata_url": metadata_url,
                "client_id": client_id,
                "client_secret": client_secret,
            }
    return providers


def database_url(default: str | None) -> str | None:
    """Return the database URL, steering plain PostgreSQL URLs to psycopg 3."""
    url = os.environ.get("DATABASE_URL", default)
    if url and url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Config:
    """Settings shared by every environment."""

    SITE_NAME = os.environ.get("FORUM_SITE_NAME", "Summit Forum")
    SITE_TAGLINE = os.environ.get("FORUM_SITE_TAGLINE", "")
    SITE_DATES_AND_PLACE = os.environ.get("FORUM_SITE_DATES_AND_PLACE", "")
    SITE_INTRO = os.environ.get(
        "FORUM_SITE_INTRO",
        "Each workstream of the summit discusses its propositions here. "
        "Read them, then add your view.",
    )

    # Dates are stored in UTC and shown in the summit's own time zone.
    TIMEZONE = os.environ.get("FORUM_TIMEZONE", "Europe/London")

    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    # Sessions are signed cookies, so any app host can serve any request.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    # A comment form may sit open for a long discussion; an hour was too short.
    WTF_CSRF_TIME_LIMIT = 6 * 3600

    # Behind a load balancer or proxy: how many of them set X-Forwarded-For/-Proto/-Host.
    # Rate limits per address need the visitor's own address, not the balancer's.
    PROXY_HOPS = _env_int("FORUM_PROXY_HOPS", 0)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # A moving window counts the last minute (or hour) from now, so "4 per minute" never
    # lets 8 through around a window's edge, and the wait we tell people is exact.
    RATELIMIT_STRATEGY = os.environ.get("RATELIMIT_STRATEGY", "moving-window")
    # If Redis stops answering, each app host limits on its own rather than refusing posts.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = _env_bool("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    # Posting comments, per person (an account, or a guest's browser): one every 15 seconds
    # on average, with a burst of 4, and at most 40 an hour. Limits strings are those of
    # Flask-Limiter (https://flask-limiter.readthedocs.io/en/stable/#rate-limit-domain),
    # several joined by ";".
    COMMENTS_RATE_LIMIT = os.environ.get("COMMENTS_RATE_LIMIT", "4 per minute;40 per hour")
    # Per network address only as a high ceiling: a summit hall shares one address on its Wi-Fi.
    COMMENTS_IP_RATE_LIMIT = os.environ.get("COMMENTS_IP_RATE_LIMIT", "600 per 10 minutes")
    # Guests' spam bots: a guest's form sent sooner than this after it was shown is refused
    # (with their text kept) and can be sent again.
    COMMENTS_MIN_SECONDS = _env_int("COMMENTS_MIN_SECONDS", 2)
    # Reports from guests: per browser session and address, and a ceiling per address.
    REPORTS_GUEST_LIMIT = os.environ.get("REPORTS_GUEST_LIMIT", "10 per hour")
    REPORTS_GUEST_IP_LIMIT = os.environ.get("REPORTS_GUEST_IP_LIMIT", "100 per hour")

    # Comment rules. Each is a setting so a summit can choose its own policy.
    COMMENTS_MAX_DEPTH = _env_int("COMMENTS_MAX_DEPTH", 5)
    COMMENTS_THREADS_PER_PAGE = _env_int("COMMENTS_THREADS_PER_PAGE", 50)
    COMMENTS_NEWEST_FIRST = _env_bool("COMMENTS_NEWEST_FIRST", False)
    COMMENTS_MAX_CHARS = _env_int("COMMENTS_MAX_CHARS", 10_000)
    COMMENTS_MAX_LINKS = _env_int("COMMENTS_MAX_LINKS", 2)
    COMMENTS_HOLD_FIRST_GUEST = _env_bool("COMMENTS_HOLD_FIRST_GUEST", True)
    COMMENTS_HOLD_SIGNED_IN = _env_bool("COMMENTS_HOLD_SIGNED_IN", False)
    # Words or phrases that hold a comment for a facilitator, or refuse it outright.
    COMMENTS_HELD_WORDS = _env_words("COMMENTS_HELD_WORDS")
    COMMENTS_BLOCKED_WORDS = _env_words("COMMENTS_BLOCKED_WORDS")
    # Readers' reports that hide a comment until a facilitator reviews it.
    COMMENTS_REPORT_THRESHOLD = _env_int("COMMENTS_REPORT_THRESHOLD", 3)
    # Minutes an author may edit their own comment after posting it.
    COMMENTS_EDIT_MINUTES = _env_int("COMMENTS_EDIT_MINUTES", 15)
    PROPOSITIONS_PER_PAGE = _env_int("PROPOSITIONS_PER_PAGE", 20)

    # Social sign-in: the configured providers (see social_login_from_env), how long to
    # wait for a provider's server, and the site's public address for redirect URIs
    # (without it they are built from the request, which is right on one host only).
    SOCIAL_LOGIN: ClassVar[dict] = social_login_from_env()
    SOCIAL_LOGIN_TIMEOUT = _env_int("FORUM_SOCIAL_LOGIN_TIMEOUT", 10)
    PUBLIC_URL = os.environ.get("FORUM_PUBLIC_URL", "").rstrip("/")

    # Cache of the pages anonymous readers see and of the public JSON thread
    # (forum/pagecache.py): "memory" (each worker's own), "off", or a redis:// URL
    # shared by every app host. Entries are checked against the database's versions on
    # every request, so changes show at once; they also expire after PAGE_CACHE_SECONDS.
    PAGE_CACHE = os.environ.get("FORUM_PAGE_CACHE", "memory")
    PAGE_CACHE_MAX_BYTES = _env_int("FORUM_PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024)
    PAGE_CACHE_SECONDS = _env_int("FORUM_PAGE_CACHE_SECONDS", 60)
    # How long a write waits for SQLite's lock before answering 503 (forum/database.py).
    SQLITE_BUSY_TIMEOUT_MS = _env_int("FORUM_SQLITE_BUSY_TIMEOUT_MS", 5000)


class DevelopmentConfig(Config):
    """Local development: SQLite in instance/, a throwaway key if none is set."""

    DEBUG = False
    SQLALCHEMY_DATABASE_URI = database_url(None)  # None: create_app puts SQLite in instance/
    # Development only: a key made fresh at start-up, so sign-ins last one run.
    SECRET_KEY = os.environ.get("SECRET_KEY") or os.urandom(32).hex()


class ProductionConfig(Config):
    """Production: every secret comes from the environment."""

    SQLALCHEMY_DATABASE_URI = database_url(None)
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


class TestingConfig(Config):
    """Tests: a database per test, chosen by the test fixtures."""

    TESTING = True
    SECRET_KEY = "testing-only-not-a-secret"  # noqa: S105 (tests only, never deployed)
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_ENABLED = False
    # The test client sends forms at once; tests of the rule set it themselves.
    COMMENTS_MIN_SECONDS = 0
    # Werkzeug's default scrypt cost makes every sign-in in a test cost ~50 ms.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 (a method name)
    # Providers are chosen by each test; the environment's are never used.
    SOCIAL_LOGIN: ClassVar[dict] = {}
    SOCIAL_LOGIN_TIMEOUT = 2
    PUBLIC_URL = ""


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}
