"""Fixtures for the browser tests: the real app under gunicorn, Chromium, a watched context.

The app runs once for the whole session, as in production (gunicorn, two workers)
on a free loopback port, with a fresh SQLite database holding the demo summit.
These tests don't use the ``app`` fixture: they have their own server and run once.

Without Chromium (or the playwright package) the tests skip with one line saying
so, unless FORUM_REQUIRE_BROWSER=1 (as in CI), which turns the skip into a failure.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.browser import support
from tests.providers.oidc import OIDCProvider

REQUIRE_BROWSER = os.environ.get("FORUM_REQUIRE_BROWSER") == "1"
SECRET_KEY = "browser-tests-only-not-a-secret"
# Settings the app reads from the environment: the tests choose their own.
SETTINGS_PREFIXES = ("FORUM_", "COMMENTS_", "PROPOSITIONS_", "RATELIMIT_", "DATABASE_URL")
START_TIMEOUT = 60
GUNICORN_OPTIONS = ["--workers", "2", "--graceful-timeout", "2"]
# Sign-in providers the app is given: a council's OpenID Connect provider, and a second
# one to link from the profile page. Both are the real provider the tests start.
PROVIDERS = {"summitid": "Summit ID", "council": "Newtown Council"}


@pytest.fixture(scope="session")
def browser():
    """Start Chromium once for the session, or skip (fail in CI) when it isn't installed."""
    problem = support.browser_missing()
    if problem:
        if REQUIRE_BROWSER:
            pytest.fail(f"{problem} (FORUM_REQUIRE_BROWSER=1 forbids skipping)")
        pytest.skip(problem)
    playwright = support.sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=support.CHROMIUM, args=support.LAUNCH_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """Read axe-core, installed by ``npm ci`` (``make test`` runs it)."""
    if not support.AXE_SCRIPT.exists():
        pytest.fail(f"{support.AXE_SCRIPT} is missing: run `npm ci` (or `make assets`)")
    return support.AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def live_server(browser, tmp_path_factory):
    """Serve the app with gunicorn on a free loopback port, with the demo summit loaded."""
    if not (support.ROOT / "static" / "build" / "forum.css").exists():
        pytest.fail("static/build/forum.css is missing: run `make assets` first")
    folder = tmp_path_factory.mktemp("live-server")
    port = _free_port()
    clients = [
        {
            "client_id": f"forum-{name}",
            "client_secret": f"{name}-browser-secret",
            "redirect_uris": [f"http://127.0.0.1:{port}/auth/{name}/callback"],
        }
        for name in PROVIDERS
    ]
    with OIDCProvider(clients) as provider:
        env = _server_environment(f"sqlite:///{folder / 'forum.sqlite'}", provider.metadata_url)
        for command in (["db", "upgrade"], ["forum", "demo"]):
            _flask(command, env)
        yield from _serve(env, port, folder, provider.issuer)


def _serve(env: dict[str, str], port: int, folder, provider_url: str):
    """Run gunicorn until the session ends, yielding the running server."""
    log_path = folder / "gunicorn.log"
    with open(log_path, "w", encoding="utf-8") as log:
        command = [sys.executable, "-m", "gunicorn", "wsgi:app", f"--bind=127.0.0.1:{port}"]
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [*command, *GUNICORN_OPTIONS],
            cwd=support.ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            csp = _wait_until_serving(url, process, log_path)
            yield support.Server(url=url, csp=csp, provider_url=provider_url)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def site(browser, live_server, axe_source):
    """Give the test fresh browser contexts; fail it if a page reached beyond the app."""
    watched = support.Site(browser=browser, server=live_server, axe_source=axe_source)
    yield watched
    problems = watched.close()
    assert not problems, "The pages did something they should not:\n" + "\n".join(problems)


@pytest.fixture
def page(site):
    """A page at desktop size with JavaScript on, in a context of its own."""
    return site.new_page()


def _server_environment(database_url: str, metadata_url: str) -> dict[str, str]:
    """Build the app's environment: development settings, a fixed key, this run's database,
    and two sign-in providers (both the real local OpenID Connect provider)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(SETTINGS_PREFIXES)}
    env.update(
        FLASK_APP="wsgi.py",
        FORUM_CONFIG="development",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        # Every run signs in more often than a person would; the limit has its own test.
        RATELIMIT_ENABLED="false",
        # A person takes longer than the guest form's minimum time; a test script doesn't.
        COMMENTS_MIN_SECONDS="0",
        FORUM_OIDC_PROVIDERS=",".join(PROVIDERS),
    )
    for name, title in PROVIDERS.items():
        prefix = f"FORUM_OIDC_{name.upper()}_"
        env[prefix + "NAME"] = title
        env[prefix + "METADATA_URL"] = metadata_url
        env[prefix + "CLIENT_ID"] = f"forum-{name}"
        env[prefix + "CLIENT_SECRET"] = f"{name}-browser-secret"
    return env


def _flask(command: list[str], env: dict[str, str]) -> None:
    """Run a ``flask`` command for the app; fail with its output if it fails."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "flask", *command],
        cwd=support.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode:
        pytest.fail(f"flask {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def _free_port() -> int:
    """Ask the system for a loopback port nobody is using."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(url: str, process: subprocess.Popen, log_path) -> str:
    """Wait until the home page answers; return its Content-Security-Policy."""
    # No proxy: the app is on loopback, and an HTTP_PROXY in the environment must not matter.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            # A busy machine can take several seconds over a worker's first page.
            with opener.open(f"{url}/", timeout=10) as response:
                return response.headers["Content-Security-Policy"]
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    pytest.fail(f"the app did not answer within {START_TIMEOUT}s:\n{log_path.read_text()}")
