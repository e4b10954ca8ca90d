"""Avatars drawn on the server from a person's initials: no third-party request."""

import hashlib
import unicodedata

from markupsafe import escape

# Background colours, each with a contrast ratio of at least 4.5:1 against white
# text, so the initials stay readable (WCAG 2.2 AA).
PALETTE = (
    "#1d70b8",
    "#00703c",
    "#4c2c92",
    "#a8323a",
    "#5b4a00",
    "#005a66",
    "#6f2c91",
    "#3d3d3d",
)


def initials(name: str) -> str:
    """Return up to two capital letters from a name's first and last words."""
    words = [w for w in name.split() if w[:1].isalpha()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return unicodedata.normalize("NFC", letters.upper())


def avatar_key(name: str, identity: str) -> str:
    """Return the stored avatar key: a colour number and initials, e.g. ``3/JS``.

    The colour comes from the person's identity (email or account), so two people
    with the same initials usually differ, and one person keeps one colour.
    """
    digest = hashlib.sha256(identity.strip().lower().encode()).digest()
    return f"{digest[0] % len(PALETTE)}/{initials(name)}"


def parse_key(key: str) -> tuple[int, str] | None:
    """Split an avatar key into colour number and initials, or None if malformed."""
    colour, _, letters = key.partition("/")
    if not colour.isdigit() or int(colour) >= len(PALETTE):
        return None
    if not (1 <= len(letters) <= 2) or not (letters.isalpha() or letters == "?"):
        return None
    return int(colour), letters


def avatar_svg(colour: int, letters: str) -> str:
    """Draw the avatar as a small SVG image."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
        f'<rect width="48" height="48" rx="24" fill="{PALETTE[colour]}"/>'
        '<text x="24" y="24" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif" '
        f'font-size="20" font-weight="700">{escape(letters)}</text></svg>'
    )
