"""Turn user-written Markdown into safe HTML: the one place in Summit Forum where this happens.

Text is rendered once, when written, and the HTML is stored, so output must be deterministic.
Four walls, each safe on its own: Markdown with raw HTML switched off; a tree pass that reshapes
elements to the policy and drops unsafe links; a bleach allow-list; and a linkify pass that
re-checks every link. Only stdlib, markdown, bleach and markupsafe may be imported here;
forum/markup/limits.py keeps Markdown's parsing time linear on hostile input.
"""

import html
import re
import threading
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from forum.markup import limits

MAX_SOURCE_CHARS: int = 10_000
MAX_PROPOSITION_CHARS: int = 50_000
MAX_WEBSITE_CHARS: int = 300
LINK_REL = "nofollow ugc noopener"

# C0/C1 controls (but tab, LF, CR) and bidi embedding/override/isolate controls: invisible,
# and the bidi ones make text display differently from what it says. STX/ETX would also let
# users forge Python-Markdown's internal placeholders.
_STRIP_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Whitespace, controls and invisible format characters are never part of a link we emit.
_BAD_URL_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp"})
_HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$"
)
_BARE_HOST_RE = re.compile(r"^[^/:?#@\\]+\.[^/:?#@\\]+(:[0-9]{1,5})?([/?#].*)?$")
# Our own linkify pattern: bleach's URL_RE backtracks for seconds on "a.b-" * 2500 or "(" * 9999
# and links any word ending in a TLD ("setup.py"). We link only explicit http(s):// and www.
# addresses; every part below is unambiguous, so matching stays linear.
_URL_RE = re.compile(
    r"""(?<![\w.@/:-])                 # start of a word, not inside an address or a path
    (?:https?://|(?=www\.))            # explicit scheme, or www. (which becomes https)
    [\w-]+(?:\.[\w-]+)+                # host with at least one dot
    (?::[0-9]{1,5})?                   # port
    (?:[/?#][^\s{}|\\^`<>"]*(?<![!?;:'"]))?  # path, not swallowing closing punctuation
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, eq=False)  # eq=False keeps identity hashing: policies are cache keys
class _Policy:
    """What one kind of text may contain."""

    extensions: tuple[str, ...]
    tags: frozenset[str]
    headings: dict[str, str | None]  # heading tag -> tag to use; None means a bold paragraph


_COMMENT_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
)
_COMMENT = _Policy(
    extensions=("nl2br", "sane_lists", "fenced_code"),
    tags=_COMMENT_TAGS,
    headings=dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6")),
)
_PROPOSITION = _Policy(
    extensions=("nl2br", "sane_lists", "fenced_code", "tables"),
    tags=_COMMENT_TAGS | {"h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td"},
    headings={"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"},
)


class SourceTooLong(ValueError):
    """Raised when Markdown source exceeds the cap (checked BEFORE parsing)."""


def _safe_href(raw: str | None) -> str | None:
    """Return the URL a browser would follow if it is an absolute http(s) link, else None."""
    # Browsers decode entities in attributes once; check exactly what they would see.
    url = html.unescape(raw or "")
    if "\\" in url or any(unicodedata.category(c) in _BAD_URL_CATEGORIES for c in url):
        return None
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return None
    # Userinfo is refused: "https://bank.example@evil.example" is a phishing classic.
    if parts.scheme not in ("http", "https") or not hostname or "@" in parts.netloc:
        return None
    return url


class _PolicyTreeprocessor(Treeprocessor):
    """Reshape the parsed tree so that it holds only what the policy allows."""

    def __init__(self, md: markdown.Markdown, policy: _Policy) -> None:
        """Remember the policy to enforce."""
        super().__init__(md)
        self.policy = policy

    def run(self, root: etree.Element) -> None:
        """Reshape the whole document in place."""
        # An explicit stack, not recursion: "*" * 5000 + "a" + "*" * 5000 nests thousands deep.
        stack = [(root, False)]
        while stack:
            parent, in_link = stack.pop()
            i = 0
            while i < len(parent):
                el = parent[i]
                if el.tag == "img":
                    _image_to_link(el)
                if not self._keep(el, in_link):
                    _unwrap(parent, i, el)
                    continue  # whatever took its place is reshaped next
                stack.append((el, in_link or el.tag == "a"))
                i += 1

    def _keep(self, el: etree.Element, in_link: bool) -> bool:
        """Reshape el to the policy in place; return False if it must give way to its content."""
        tag, attrs = el.tag, dict(el.attrib)
        el.attrib.clear()  # class, style, id, align: none survive, whatever extension added them
        if tag == "a":
            href = _safe_href(attrs.get("href"))
            if href is None or in_link:
                return False
            # Store the decoded URL with & escaped, so the browser decodes it back to href.
            el.set("href", href.replace("&", "&amp;"))
            if attrs.get("title"):
                el.set("title", attrs["title"])
        elif tag in self.policy.headings:
            _reshape_heading(el, self.policy.headings[tag])
        elif tag not in self.policy.tags:
            if tag == "hr":
                el.tail = None  # just the newline between blocks; it would leave a gap
            return False
        return True


def _image_to_link(img: etree.Element) -> None:
    """Turn an image into a link to it (no third-party fetches); unsafe ones keep only alt."""
    src, alt, title = img.get("src") or "", img.get("alt") or "", img.get("title") or ""
    safe = _safe_href(src) is not None
    img.tag, img.text = "a", alt or (src if safe else "")
    img.attrib = {"href": src, "title": title} if safe else {}


def _reshape_heading(el: etree.Element, new_tag: str | None) -> None:
    """Demote a heading to new_tag, or to a bold paragraph when new_tag is None."""
    if new_tag is not None:
        el.tag = new_tag
        return
    strong = etree.Element("strong")
    strong.text, el.text = el.text, None
    children = list(el)
    for child in children:
        el.remove(child)
    strong.extend(children)
    el.tag = "p"
    el.append(strong)


def _unwrap(parent: etree.Element, i: int, el: etree.Element) -> None:
    """Replace parent[i] by its own text and children, keeping the text in place."""
    children = list(el)
    text, tail = el.text or "", el.tail or ""
    if children:
        children[-1].tail, tail = (children[-1].tail or "") + tail, ""
    if i == 0:
        parent.text = (parent.text or "") + text + tail
    else:
        parent[i - 1].tail = (parent[i - 1].tail or "") + text + tail
    parent.remove(el)
    parent[i:i] = children


class _PolicyExtension(Extension):
    """Switch off raw HTML, bound link parsing, and install the policy tree pass."""

    def __init__(self, policy: _Policy) -> None:
        """Remember the policy to install."""
        super().__init__()
        self.policy = policy

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Deregister raw HTML handling and register the policy tree pass."""
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # <a@b.example> would become an entity-obfuscated mailto: link; show it as text.
        md.inlinePatterns.deregister("automail")
        limits.install(md)
        # Below "unescape" (priority 0), so backslash escapes in hrefs are already resolved.
        md.treeprocessors.register(_PolicyTreeprocessor(md, self.policy), "summit_policy", -10)


def _link_callback(attrs: dict, new: bool) -> dict | None:
    """Keep only http(s) links, give new www. links https, and set rel on every link."""
    href_key = (None, "href")
    # bleach prefixes "http://" to scheme-less matches, i.e. www.example.org; prefer https.
    if new and not attrs["_text"].lower().startswith(("http://", "https://")):
        attrs[href_key] = "https://" + attrs["_text"]
    if _safe_href(attrs.get(href_key)) is None:
        return None  # bleach then keeps the link's text only
    attrs[(None, "rel")] = LINK_REL
    return attrs


_local = threading.local()  # a bleach Cleaner keeps parser state: one per thread


def _cleaner(policy: _Policy) -> bleach.Cleaner:
    """Return this thread's Cleaner for policy, building it on first use."""
    cleaners = _local.__dict__.setdefault("cleaners", {})
    if policy not in cleaners:
        linkify = partial(
            LinkifyFilter,
            callbacks=[_link_callback],
            skip_tags={"pre", "code"},
            parse_email=False,
            url_re=_URL_RE,
        )
        cleaners[policy] = bleach.Cleaner(
            tags=policy.tags,
            attributes={"a": ["href", "title", "rel"]},
            protocols={"http", "https"},
            strip=True,
            filters=[linkify],
        )
    return cleaners[policy]


def _render(source: str, max_chars: int, policy: _Policy) -> str:
    """Render source under policy: cap, Markdown, tree pass, allow-list, linkify."""
    if len(source) > max_chars:
        raise SourceTooLong(f"The text is {len(source)} characters; the limit is {max_chars}.")
    source = _STRIP_CHARS_RE.sub("", source)
    if not source.strip():
        return ""
    # A fresh Markdown per call: instances are stateful and not safe to share across threads.
    extensions = [*policy.extensions, _PolicyExtension(policy)]
    md = markdown.Markdown(extensions=extensions, output_format="html")
    return _cleaner(policy).clean(md.convert(source)).strip()


def render_comment(source: str, max_chars: int = MAX_SOURCE_CHARS) -> str:
    """Render a participant's comment Markdown to safe HTML."""
    return _render(source, max_chars, _COMMENT)


def render_proposition(source: str, max_chars: int = MAX_PROPOSITION_CHARS) -> str:
    """Render a facilitator's proposition / workstream description Markdown to safe HTML."""
    return _render(source, max_chars, _PROPOSITION)


class _TextCollector(HTMLParser):
    """Collect the text and count the links of our own rendered HTML."""

    def __init__(self, html_text: str) -> None:
        """Parse html_text."""
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links = 0
        self.feed(html_text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        """Count links; a <br> separates words like the newline it stands for."""
        if tag == "a":
            self.links += 1
        elif tag == "br":
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        """Keep text (our output puts a newline between blocks, so words stay apart)."""
        self.parts.append(data)


def count_links(html: str) -> int:
    """Count the links in rendered HTML (used to hold comments with too many links)."""
    return _TextCollector(html).links


def excerpt(html: str, max_chars: int = 160) -> str:
    """Return plain text from rendered HTML, cut at a word boundary with '…' when longer."""
    text = " ".join("".join(_TextCollector(html).parts).split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]  # leave room for the ellipsis
    if " " in cut and text[max_chars - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]  # don't end on half a word
    return cut.rstrip(" ,.;:!?-") + "…"


def safe_website(url: str | None) -> str | None:
    """Return a normalised http(s) URL for a person's website, or None if it is not one."""
    value = (url or "").strip()
    if not value or len(value) > MAX_WEBSITE_CHARS or "\\" in value:
        return None
    if any(unicodedata.category(c) in _BAD_URL_CATEGORIES for c in value):
        return None
    if "://" not in value:
        if not _BARE_HOST_RE.match(value):
            return None  # javascript:, data:, mailto:, or just words
        value = "https://" + value
    try:
        parts = urlsplit(value)
        port = parts.port
        # IDNA turns look-alike Unicode hosts into their unambiguous xn-- form.
        host = (parts.hostname or "").encode("idna").decode("ascii").lower()
    except (ValueError, UnicodeError):
        return None
    if parts.scheme not in ("http", "https") or "@" in parts.netloc:
        return None
    if not _HOSTNAME_RE.match(host):
        return None
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
