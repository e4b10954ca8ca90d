"""What the browser tests share: the browser's settings, a watch on each page, axe, the keyboard.

Playwright is imported here and nowhere else, guarded, so that a machine without it
collects the browser tests and skips them (see conftest.py) instead of erroring.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the skip (or, in CI, the failure) says so in conftest.py
    expect = sync_playwright = None

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, run as root in a container, talking to nothing but the app.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

DEMO_ADMIN = "priya@example.org"
DEMO_PASSWORD = "summit-demo-password"
# A demo facilitator: Mei Chen runs Learning, Libraries and Young People.
DEMO_FACILITATOR = "mei@example.org"

# GOV.UK Frontend's focus colour: every focused control shows it somewhere.
FOCUS_YELLOW = "rgb(255, 221, 0)"

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(" "),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}"""

FOCUS_IS_VISIBLE = """({element, colour}) => {
  const seen = [];
  const look = (style) => {
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
      seen.push(style.outlineColor);
    }
    seen.push(style.boxShadow, style.backgroundColor, style.borderColor);
  };
  look(getComputedStyle(element));
  // GOV.UK checkboxes hide the real input and draw the box, and its focus ring, on the label.
  if (["checkbox", "radio"].includes(element.type) && element.labels.length) {
    look(getComputedStyle(element.labels[0], "::before"));
  }
  return seen.some((value) => value && value.includes(colour));
}"""

OVERFLOWING = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const wide = [...document.body.querySelectorAll("*")]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5)
    .filter((element) => !element.closest(".govuk-visually-hidden, [hidden]"))
    .slice(0, 5)
    .map((element) => element.outerHTML.slice(0, 160));
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide};
}"""


def browser_missing() -> str | None:
    """Return why the browser tests can't run here, or None when they can."""
    if sync_playwright is None:
        return (
            "playwright not installed: browser tests skipped (pip install -r requirements-dev.txt)"
        )
    if not Path(CHROMIUM).exists():
        return "Chromium not installed: browser tests skipped (apt-get install -y chromium)"
    return None


@dataclass(frozen=True)
class Server:
    """The running app: where it answers and the Content-Security-Policy it sends."""

    url: str
    csp: str
    # The OpenID Connect provider the app is configured with (a real one, on loopback).
    provider_url: str = ""

    @property
    def netloc(self) -> str:
        """Host and port, the only place a page may send requests to."""
        return urlsplit(self.url).netloc


@dataclass
class Site:
    """One test's view of the app: fresh browser contexts, each watched for trouble.

    Every request a page makes must go to the app itself; a script error, a console
    error or a failed stylesheet, image or script is a problem too. The fixture
    asserts there were none when the test ends.
    """

    browser: object
    server: Server
    axe_source: str
    problems: list[str] = field(default_factory=list)
    _contexts: list = field(default_factory=list)
    _scriptless: list = field(default_factory=list)
    _allowed_console: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Site({self.server.url})"

    @property
    def url(self) -> str:
        """The app's address, e.g. http://127.0.0.1:41234."""
        return self.server.url

    def new_page(self, *, javascript: bool = True, width: int = 1280, height: int = 900, **options):
        """Open a page in a new browser context: no cookies, no storage, nothing shared."""
        context = self._new_context(
            java_script_enabled=javascript, viewport={"width": width, "height": height}, **options
        )
        if not javascript:
            self._scriptless.append(context)
        return context.new_page()

    def allow_console_error(self, text: str) -> None:
        """Accept console errors containing ``text``: for a test that provokes one on purpose."""
        self._allowed_console.append(text)

    def assert_accessible(self, page, what: str) -> None:
        """Run axe-core on the page as it is now; fail listing every WCAG 2.2 A/AA violation."""
        if page.context in self._scriptless:
            violations = self._axe_without_site_scripts(page)
        else:
            violations = run_axe(page, self.axe_source)
        assert not violations, describe_violations(what, page.url, violations)

    def close(self) -> list[str]:
        """Close every context this test opened; return the problems seen."""
        for context in self._contexts:
            context.close()
        self._contexts.clear()
        return self.problems

    def _new_context(self, **options):
        """Create a browser context that reports every request and error to this test."""
        context = self.browser.new_context(base_url=self.server.url, **options)
        context.set_default_timeout(10_000)
        context.on("request", self._check_request)
        context.on("response", self._check_response)
        context.on("requestfailed", self._check_failure)
        context.on("console", self._check_console)
        context.on("weberror", lambda error: self.problems.append(f"script error: {error.error}"))
        self._contexts.append(context)
        return context

    def _check_request(self, request) -> None:
        """Record a request to anywhere but the app or its sign-in provider (data: URLs pass)."""
        parts = urlsplit(request.url)
        if parts.scheme == "data":
            return
        if (parts.scheme, parts.netloc) == ("http", self.server.netloc):
            return
        # Going to the sign-in provider, and its own pages, is the journey, not a leak.
        provider = urlsplit(self.server.provider_url)
        if self.server.provider_url and (parts.scheme, parts.netloc) == (
            provider.scheme,
            provider.netloc,
        ):
            return
        self.problems.append(f"request to another host: {request.method} {request.url}")

    def _check_response(self, response) -> None:
        """Record a stylesheet, script, image or fetch that failed (pages may answer 4xx)."""
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(
                f"{response.request.resource_type} {response.url}: {response.status}"
            )

    def _check_failure(self, request) -> None:
        """Record a request that never got an answer (leaving the page cancels some: fine)."""
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url}: {request.failure}")

    def _check_console(self, message) -> None:
        """Record console errors: Content-Security-Policy violations land here.

        "Failed to load resource" is left to _check_response, which knows whether it
        was a page answering 404 or 422 on purpose or a missing file.
        """
        text = message.text
        if message.type != "error" or text.startswith("Failed to load resource"):
            return
        if any(allowed in text for allowed in self._allowed_console):
            return
        self.problems.append(
            f"console error on {message.page.url if message.page else '?'}: {text}"
        )

    def _axe_without_site_scripts(self, page) -> list[dict]:
        """Run axe on what a page with JavaScript turned off shows.

        With JavaScript off, Chromium runs no timers or promise callbacks even for
        DevTools, so axe (which is asynchronous) can't finish there. Instead the
        page's HTML is served again, at the same address and with the site's CSP, to
        a context where scripts run but the site's own script is replaced by an empty
        one: the same document, unchanged by JavaScript, that axe can check.
        """
        address = page.url.split("#", 1)[0]
        html = page.content()
        context = self._new_context(viewport=page.viewport_size)
        context.route(
            lambda url: url.split("#", 1)[0] == address,
            lambda route: route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": self.server.csp},
                body=html,
            ),
        )
        context.route(
            f"{self.server.url}/static/js/**",
            lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
        )
        audit = context.new_page()
        audit.goto(address)
        assert not audit.evaluate("document.body.classList.contains('js-enabled')")
        return run_axe(audit, self.axe_source)


def run_axe(page, axe_source: str) -> list[dict]:
    """Inject axe-core through DevTools (not a <script>, so the page's CSP stays on) and run it."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(RUN_AXE, AXE_TAGS)


def describe_violations(what: str, url: str, violations: list[dict]) -> str:
    """Write axe's violations so a person can act on them."""
    lines = [f"axe found {len(violations)} kind(s) of accessibility problem on {what} ({url}):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            lines.append(f"       {node['html'][:200]}")
            lines.extend(f"       {line}" for line in (node["summary"] or "").splitlines())
    return "\n".join(lines)


def tab_to(page, locator, *, limit: int = 120) -> int:
    """Press Tab until ``locator`` has the focus, as a keyboard user would; fail if it never does.

    Nothing is pressed when it has the focus already. The focused control must show
    GOV.UK's yellow focus indicator. Returns how many times Tab was pressed.
    """
    target = locator.element_handle()
    try:
        for presses in range(limit + 1):
            if page.evaluate("(element) => document.activeElement === element", target):
                visible = page.evaluate(
                    FOCUS_IS_VISIBLE, {"element": target, "colour": FOCUS_YELLOW}
                )
                assert visible, f"no visible focus indicator on {describe(page, target)}"
                return presses
            if presses < limit:
                page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
        pytest.fail(
            f"{limit} presses of Tab never reached {describe(page, target)}; "
            f"the focus is on {focused}"
        )
    finally:
        target.dispose()


def describe(page, handle) -> str:
    """Show the start of an element's HTML, for a failure message."""
    return page.evaluate("(element) => element.outerHTML.slice(0, 200)", handle)


def assert_no_horizontal_scroll(page, what: str) -> None:
    """Fail if the page is wider than the window (WCAG 1.4.10 reflow)."""
    found = page.evaluate(OVERFLOWING)
    assert found["scrollWidth"] <= found["clientWidth"], (
        f"{what} at {page.viewport_size['width']}px scrolls sideways: the document is "
        f"{found['scrollWidth']}px wide in a {found['clientWidth']}px window. Too wide:\n"
        + "\n".join(found["wide"])
    )


def mark_page(page) -> None:
    """Mark the document, so a later check can tell that no new page was loaded."""
    page.evaluate("() => { window.forumTestMark = true; }")


def assert_same_page(page) -> None:
    """Fail if the browser loaded a new page since mark_page()."""
    assert page.evaluate("() => window.forumTestMark === true"), "the browser loaded a new page"


def sign_in(page, email: str = DEMO_ADMIN, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form and wait for the page it goes back to."""
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in as")).to_be_visible()


# The cookies of the session's first sign-in as each demo account (one app per session).
_signed_in_cookies: dict[str, list[dict]] = {}


def signed_in(page, email: str = DEMO_ADMIN) -> None:
    """Be signed in as ``email``, for a page that needs it (not to test signing in).

    The first time in the session this signs in through the form; after that it gives
    the page's fresh context the cookies that sign-in earned, as a browser that stayed
    signed in has, which saves a sign-in for every page. (The app's sessions live in
    their signed cookie, so another context signing out doesn't end them.)
    """
    cookies = _signed_in_cookies.get(email)
    if cookies is None:
        sign_in(page, email)
        _signed_in_cookies[email] = page.context.cookies()
    else:
        page.context.add_cookies(cookies)


# The sign-in providers the browser tests' app is configured with (see conftest.py).
PROVIDER_BUTTON = "Continue with Summit ID"
SECOND_PROVIDER = "Newtown Council"


def through_provider(page, press, login: str | None = None) -> None:
    """Press the button that leads to the provider, then be the person there.

    At the provider's development pages: sign in (any name works), then agree. A
    provider that already knows the person skips its sign-in form, and one that already
    has their consent for this app skips that too. Returns once back at the forum.
    """
    # One navigation follows the redirects: it ends at the provider's pages (under
    # /interaction/) or, when it asks nothing, back at the forum past its /auth/ callback.
    with page.expect_navigation(
        url=lambda url: "/interaction/" in url or not urlsplit(url).path.startswith("/auth")
    ):
        press()
    if "/interaction/" not in page.url:
        return
    provider = urlsplit(page.url).netloc
    if page.locator("input[name=login]").count():
        assert login, "the provider asks who you are"
        page.locator("input[name=login]").fill(login)
        page.locator("input[name=password]").fill("any password works")
        page.locator("button[type=submit]").click()
        page.wait_for_load_state()
    if urlsplit(page.url).netloc == provider:
        page.get_by_role("button", name="Continue", exact=True).click()
    page.wait_for_url(lambda url: urlsplit(url).netloc != provider)


def sign_in_with_provider(page, login: str) -> None:
    """Sign in from the sign-in page with the provider, as a new or known person."""
    page.goto("/login")
    through_provider(page, page.get_by_role("button", name=PROVIDER_BUTTON).click, login)
    expect(page.get_by_text("You are signed in as")).to_be_visible()
