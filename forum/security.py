"""HTTP security headers: the second wall behind forum/markup.py."""

from flask import Flask, Response, current_app

EXTENSION_KEY = "forum_csp"

# No inline script, no inline event handlers, nothing from other origins.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask, sign_in_origins: list[str]) -> None:
    """Fix this app's policy: forms may also lead to the configured sign-in providers.

    Browsers check ``form-action`` on the redirect after a form is sent, and "Continue
    with GitHub" is a form whose answer is a redirect to GitHub.
    """
    policy = CONTENT_SECURITY_POLICY
    if sign_in_origins:
        policy = policy.replace(
            "form-action 'self'", " ".join(["form-action 'self'", *sorted(set(sign_in_origins))])
        )
    app.extensions[EXTENSION_KEY] = policy
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """Add the security headers every page carries."""
    policy = current_app.extensions.get(EXTENSION_KEY, CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response
