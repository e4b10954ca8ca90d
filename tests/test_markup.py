"""Pin the Markdown policy: hostile input in, exact safe HTML out (forum/markup.py)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from forum.markup import (
    MAX_SOURCE_CHARS,
    SourceTooLong,
    count_links,
    excerpt,
    render_comment,
    render_proposition,
    safe_website,
)

REL = 'rel="nofollow ugc noopener"'
COMMENT_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}
PROPOSITION_TAGS = COMMENT_TAGS | {"h2", "h3", "h4", "hr"} | TABLE_TAGS


def link(href: str, text: str, title: str = "") -> str:
    """Build the exact <a> the renderer emits."""
    title_attr = f' title="{title}"' if title else ""
    return f'<a href="{href}"{title_attr} {REL}>{text}</a>'


# (source, exact comment HTML). Raw HTML is always shown as text; unsafe links keep only text.
HOSTILE = [
    pytest.param(
        "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", id="script"
    ),
    pytest.param(
        "<img src=x onerror=alert(1)>",
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
        id="img-onerror",
    ),
    pytest.param(
        '<a href="javascript:x">x</a>',
        '<p>&lt;a href="javascript:x"&gt;x&lt;/a&gt;</p>',
        id="raw-a-javascript",
    ),
    pytest.param("<svg onload=alert(1)>", "<p>&lt;svg onload=alert(1)&gt;</p>", id="svg-onload"),
    pytest.param(
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<p>&lt;math&gt;&lt;mi xlink:href="javascript:alert(1)"&gt;x&lt;/mi&gt;&lt;/math&gt;</p>',
        id="math-xlink",
    ),
    pytest.param(
        '<iframe src="javascript:alert(1)"></iframe>',
        '<p>&lt;iframe src="javascript:alert(1)"&gt;&lt;/iframe&gt;</p>',
        id="iframe",
    ),
    pytest.param(
        "<style>body{display:none}</style>",
        "<p>&lt;style&gt;body{display:none}&lt;/style&gt;</p>",
        id="style",
    ),
    pytest.param("<!-- hidden -->", "<p>&lt;!-- hidden --&gt;</p>", id="html-comment"),
    pytest.param(
        '<div onclick="alert(1)">\nhi\n</div>',
        '<p>&lt;div onclick="alert(1)"&gt;<br>\nhi<br>\n&lt;/div&gt;</p>',
        id="html-block",
    ),
    pytest.param("[x](javascript:alert(1))", "<p>x</p>", id="link-javascript"),
    pytest.param("[x](JaVaScRiPt:alert(1))", "<p>x</p>", id="link-mixed-case"),
    pytest.param("[x](  javascript:alert(1))", "<p>x</p>", id="link-leading-spaces"),
    pytest.param("[x](jav&#x09;ascript:alert(1))", "<p>x</p>", id="link-entity-tab"),
    pytest.param("[x](&#106;avascript:alert(1))", "<p>x</p>", id="link-entity-letter"),
    pytest.param("[x](&#x6A;avascript&#x3A;alert(1))", "<p>x</p>", id="link-hex-entities"),
    pytest.param("[x](javascript&#58;alert(1))", "<p>x</p>", id="link-entity-colon"),
    pytest.param("[x](javascript%3Aalert(1))", "<p>x</p>", id="link-percent-colon"),
    pytest.param(
        "[x](java\nscript:alert(1))", "<p>[x](java<br>\nscript:alert(1))</p>", id="link-newline"
    ),
    pytest.param("[x](<javascript:alert(1)>)", "<p>x</p>", id="link-angle-javascript"),
    pytest.param("[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>", id="link-data"),
    pytest.param("[x](vbscript:msgbox)", "<p>x</p>", id="link-vbscript"),
    pytest.param("[x][1]\n\n[1]: javascript:alert(1)", "<p>x</p>", id="reference-javascript"),
    pytest.param("[**x**](javascript:alert(1))", "<p><strong>x</strong></p>", id="unsafe-keeps-em"),
    pytest.param("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>", id="autolink-js"),
    pytest.param(
        "<javascript://%0aalert(1)>", "<p>javascript://%0aalert(1)</p>", id="autolink-js-slashes"
    ),
    pytest.param("[x](/admin)", "<p>x</p>", id="link-relative"),
    pytest.param("[x](#top)", "<p>x</p>", id="link-fragment"),
    pytest.param("[x](//evil.example)", "<p>x</p>", id="link-protocol-relative"),
    pytest.param("[x](https:\\\\evil.example)", "<p>x</p>", id="link-backslashes"),
    pytest.param("[x](mailto:a@example.org)", "<p>x</p>", id="link-mailto"),
    pytest.param("[x](https://bank.example@evil.example)", "<p>x</p>", id="link-userinfo"),
    pytest.param(
        '[x](https://a.b "t\\" onmouseover=\\"alert(1))',
        f'<p>[x]({link("https://a.b", "https://a.b")} "t\\" onmouseover=\\"alert(1))</p>',
        id="title-injection",
    ),
    pytest.param(
        '[x](https://example.org/"onmouseover="alert(1))',
        f"<p>{link('https://example.org/&quot;onmouseover=&quot;alert(1)', 'x')}</p>",
        id="href-quote-injection",
    ),
    pytest.param(
        "[click](https://example.org/\u202egnp.exe)",
        f"<p>{link('https://example.org/gnp.exe', 'click')}</p>",
        id="rtl-override-in-href",
    ),
    pytest.param("abc\u202eexe.txt", "<p>abcexe.txt</p>", id="rtl-override-in-text"),
    pytest.param("[x](ｊａｖａｓｃｒｉｐｔ:alert(1))", "<p>x</p>", id="fullwidth-scheme"),
    pytest.param("[x](java\u200dscript:alert(1))", "<p>x</p>", id="zero-width-joiner"),
    pytest.param("[x](https://exa\u200bmple.org)", "<p>x</p>", id="zero-width-space-in-host"),
    pytest.param("x\x00y\x07z\x02", "<p>xyz</p>", id="control-characters"),
    pytest.param(
        "![alt](https://tracker.example/p.gif)",
        f"<p>{link('https://tracker.example/p.gif', 'alt')}</p>",
        id="image-becomes-link",
    ),
    pytest.param(
        "![](https://tracker.example/p.gif)",
        f"<p>{link('https://tracker.example/p.gif', 'https://tracker.example/p.gif')}</p>",
        id="image-without-alt",
    ),
    pytest.param("![alt](javascript:alert(1))", "<p>alt</p>", id="image-javascript"),
    pytest.param("![x](data:image/svg+xml;base64,PHN2Zz4=)", "<p>x</p>", id="image-data"),
    pytest.param(
        "[![img](https://img.example/a.png)](https://link.example)",
        f"<p>{link('https://link.example', 'img')}</p>",
        id="image-inside-link",
    ),
    pytest.param(
        "[see <https://a.example> too](https://b.example)",
        f"<p>{link('https://b.example', 'see https://a.example too')}</p>",
        id="no-link-inside-link",
    ),
    pytest.param("<a@example.org>", "<p>&lt;a@example.org&gt;</p>", id="automail-off"),
    pytest.param("&#106;avascript:alert(1)", "<p>&#106;avascript:alert(1)</p>", id="entity-text"),
    pytest.param(
        "```js\n<script>alert(1)</script>\n```",
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>",
        id="fenced-code-no-class",
    ),
]

HAPPY = [
    pytest.param(
        "*em* and **strong** and `code`",
        "<p><em>em</em> and <strong>strong</strong> and <code>code</code></p>",
        id="inline",
    ),
    pytest.param("line one\nline two", "<p>line one<br>\nline two</p>", id="enter-is-a-line-break"),
    pytest.param(
        "- one\n- two\n    - nested",
        "<ul>\n<li>one</li>\n<li>two<ul>\n<li>nested</li>\n</ul>\n</li>\n</ul>",
        id="nested-list",
    ),
    pytest.param("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>", id="ordered-list"),
    pytest.param(
        "> quoted\n> text", "<blockquote>\n<p>quoted<br>\ntext</p>\n</blockquote>", id="quote"
    ),
    pytest.param(
        "```python\nprint('<b>')\n```",
        "<pre><code>print('&lt;b&gt;')\n</code></pre>",
        id="fenced-code",
    ),
    pytest.param("    indented", "<pre><code>indented\n</code></pre>", id="indented-code"),
    pytest.param(
        "# Heading\n\n###### Small *one*",
        "<p><strong>Heading</strong></p>\n<p><strong>Small <em>one</em></strong></p>",
        id="headings-become-bold",
    ),
    pytest.param("Setext\n======", "<p><strong>Setext</strong></p>", id="setext-heading"),
    pytest.param("a\n\n***\n\nb", "<p>a</p>\n<p>b</p>", id="hr-dropped"),
    pytest.param(
        '[x](https://example.org "Title")',
        f"<p>{link('https://example.org', 'x', 'Title')}</p>",
        id="link-with-title",
    ),
    pytest.param(
        "[t](https://en.wikipedia.org/wiki/Foo_(bar))",
        f"<p>{link('https://en.wikipedia.org/wiki/Foo_(bar)', 't')}</p>",
        id="link-with-parentheses",
    ),
    pytest.param(
        "[x][1]\n\n[1]: https://example.org",
        f"<p>{link('https://example.org', 'x')}</p>",
        id="reference-link",
    ),
    pytest.param(
        "[a & b](https://example.org/?a=1&b=2)",
        f"<p>{link('https://example.org/?a=1&amp;b=2', 'a &amp; b')}</p>",
        id="ampersands",
    ),
    pytest.param(
        "[x](https://example.org/a\\_b)",
        f"<p>{link('https://example.org/a_b', 'x')}</p>",
        id="backslash-escape-in-href",
    ),
]

LINKIFY = [
    pytest.param(
        "see https://example.org/x.",
        f"<p>see {link('https://example.org/x', 'https://example.org/x')}.</p>",
        id="bare-url",
    ),
    pytest.param(
        "www.example.org",
        f"<p>{link('https://www.example.org', 'www.example.org')}</p>",
        id="www-gets-https",
    ),
    pytest.param(
        "(https://example.org/a)",
        f"<p>({link('https://example.org/a', 'https://example.org/a')})</p>",
        id="in-parentheses",
    ),
    pytest.param(
        "https://example.org/?a=1&b=2",
        f"<p>{link('https://example.org/?a=1&amp;b=2', 'https://example.org/?a=1&amp;b=2')}</p>",
        id="query",
    ),
    pytest.param("mail me: a@example.org", "<p>mail me: a@example.org</p>", id="email-not-linked"),
    pytest.param("`https://example.org`", "<p><code>https://example.org</code></p>", id="code"),
    pytest.param(
        "```\nhttps://example.org\n```",
        "<pre><code>https://example.org\n</code></pre>",
        id="fenced-code",
    ),
    pytest.param("setup.py and node.js", "<p>setup.py and node.js</p>", id="no-bare-domains"),
    pytest.param("ftp://example.org/file", "<p>ftp://example.org/file</p>", id="ftp-not-linked"),
    pytest.param(
        "https://user:pw@example.org/", "<p>https://user:pw@example.org/</p>", id="userinfo"
    ),
]


class Inspector(HTMLParser):
    """Record every tag and attribute of an HTML fragment, entities decoded."""

    def __init__(self, html_text: str) -> None:
        """Parse html_text."""
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html_text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a tag."""
        self.tags.append((tag, dict(attrs)))


def assert_safe(html_text: str, allowed_tags: set[str]) -> None:
    """Fail unless html_text only holds allowed tags, a-attributes and http(s) links."""
    lowered = html_text.lower()
    for tag in ("<script", "<img", "<svg", "<math", "<iframe", "<style", "<div"):
        assert tag not in lowered
    for tag, attrs in Inspector(html_text).tags:
        assert tag in allowed_tags
        assert set(attrs) <= ({"href", "title", "rel"} if tag == "a" else set())
        assert not any(name.startswith("on") for name in attrs)
        if tag == "a":
            href = attrs.get("href") or ""
            assert urlsplit(href).scheme.lower() in {"http", "https"}
            assert "javascript:" not in href.lower()
            assert attrs.get("rel") == "nofollow ugc noopener"


@pytest.mark.parametrize(("source", "expected"), HOSTILE)
def test_hostile_comment_renders_exactly(source: str, expected: str) -> None:
    """Pin what each attack turns into."""
    assert render_comment(source) == expected


@pytest.mark.parametrize(("source", "expected"), HOSTILE + HAPPY + LINKIFY)
def test_every_output_is_within_the_allow_list(source: str, expected: str) -> None:
    """Check tags, attributes and link schemes structurally, for both policies."""
    assert_safe(render_comment(source), COMMENT_TAGS)
    assert_safe(render_proposition(source), PROPOSITION_TAGS)


@pytest.mark.parametrize(("source", "expected"), HAPPY)
def test_everyday_markdown(source: str, expected: str) -> None:
    """Render what participants actually write."""
    assert render_comment(source) == expected


@pytest.mark.parametrize(("source", "expected"), LINKIFY)
def test_linkify(source: str, expected: str) -> None:
    """Link bare web addresses, and nothing else."""
    assert render_comment(source) == expected


def test_the_assert_safe_helper_catches_unsafe_html() -> None:
    """Show that the structural check can fail, so passing it means something."""
    for unsafe in (
        '<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>',
        '<a href="https://x.org" rel="nofollow ugc noopener" onclick="y">x</a>',
        '<a href="https://x.org">no rel</a>',
        '<p class="x">x</p>',
        "<h1>x</h1>",
        "<img src=x>",
    ):
        with pytest.raises(AssertionError):
            assert_safe(unsafe, COMMENT_TAGS)


@pytest.mark.parametrize("source", ["", "   ", "\n\t\n", "\u202e", "\x00\x01"])
def test_empty_source_renders_empty(source: str) -> None:
    """Render nothing for blank input."""
    assert render_comment(source) == ""


def test_output_is_deterministic_and_stripped() -> None:
    """Render the same text to the same bytes every time, without outer whitespace."""
    source = "\n\n# Title\n\nSee https://example.org and ![a](https://x.example/a.png)\n\n"
    first = render_comment(source)
    assert first == render_comment(source)
    assert first == first.strip()
    assert first.startswith("<p><strong>Title</strong></p>")


def test_size_cap_is_checked_before_parsing() -> None:
    """Refuse text over the cap, even whitespace, and accept text at the cap."""
    assert issubclass(SourceTooLong, ValueError)
    with pytest.raises(SourceTooLong):
        render_comment(" " * (MAX_SOURCE_CHARS + 1))
    with pytest.raises(SourceTooLong):
        render_comment("abcdef", max_chars=5)
    assert render_comment("a" * MAX_SOURCE_CHARS) == "<p>" + "a" * MAX_SOURCE_CHARS + "</p>"
    assert render_proposition("a" * 50_000).startswith("<p>a")
    with pytest.raises(SourceTooLong):
        render_proposition("a" * 50_001)


def test_pathological_brackets_stay_text() -> None:
    """Render "[" * 9999 (quadratic upstream) as the text it is."""
    assert render_comment("[" * 9999) == "<p>" + "[" * 9999 + "</p>"
    assert render_comment("<" * 9999) == "<p>" + "&lt;" * 9999 + "</p>"
    assert render_comment("[a](" * 2499) == "<p>" + "[a](" * 2499 + "</p>"


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("*" * 9999, id="stars"),
        pytest.param("_" * 9999, id="underscores"),
        pytest.param("*" * 4999 + "a" + "*" * 4999, id="deep-emphasis"),
        pytest.param("a.b-" * 2499, id="linkify-backtracking"),
        pytest.param("(" * 9999, id="parentheses"),
        pytest.param("![" * 4999, id="image-openers"),
        pytest.param("`" * 9999, id="backticks"),
    ],
)
def test_pathological_inputs_complete_safely(source: str) -> None:
    """Render inputs that are slow or deep in naive parsers (timed by hand, not here)."""
    assert_safe(render_comment(source), COMMENT_TAGS)
    assert_safe(render_proposition(source), PROPOSITION_TAGS)


def test_stars_and_underscores_alone_are_a_dropped_rule() -> None:
    """Treat a line of only * or _ as a horizontal rule: kept in propositions only."""
    assert render_comment("*" * 9999) == ""
    assert render_proposition("_" * 9999) == "<hr>"


@pytest.mark.parametrize(
    ("source", "tag"),
    [
        pytest.param(">" * 400 + "x", "<blockquote>", id="quotes"),
        pytest.param("- " * 4999 + "x", "<ul>", id="list-markers"),
        pytest.param("1. " * 3333, "<ol>", id="ordered-markers"),
        pytest.param("> - " * 2499, "<ul>", id="quote-list"),
    ],
)
def test_nesting_is_capped_at_fifty(source: str, tag: str) -> None:
    """Nest at most 50 deep, deterministically, instead of overflowing the stack."""
    html = render_comment(source)
    assert html.count(tag) <= 50
    assert html.count(tag) >= 25  # deep nesting still works, up to the cap
    assert_safe(html, COMMENT_TAGS)


def test_proposition_headings_are_demoted() -> None:
    """Keep h2-h4 in propositions: h1 becomes h2, h5 and h6 become h4."""
    source = "# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six"
    assert render_proposition(source) == (
        "<h2>One</h2>\n<h2>Two</h2>\n<h3>Three</h3>\n<h4>Four</h4>\n<h4>Five</h4>\n<h4>Six</h4>"
    )


def test_proposition_rules_and_tables() -> None:
    """Allow hr and tables in propositions, without alignment styles."""
    assert render_proposition("a\n\n---\n\nb") == "<p>a</p>\n<hr>\n<p>b</p>"
    table = render_proposition("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert table == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>"
    )
    assert "<table>" not in render_comment("| a | b |\n|:--|--:|\n| 1 | 2 |")


def test_proposition_still_refuses_images_and_html() -> None:
    """Apply the comment rules for images and raw HTML to propositions too."""
    assert render_proposition("![pic](https://x.example/i.png)") == (
        f"<p>{link('https://x.example/i.png', 'pic')}</p>"
    )
    assert render_proposition("<script>x</script>") == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("example.org", "https://example.org", id="bare-host"),
        pytest.param(" Example.ORG/Path?q=1#F ", "https://example.org/Path?q=1#F", id="normalised"),
        pytest.param("HTTPS://Example.org", "https://example.org", id="upper-scheme"),
        pytest.param("http://example.org:8080/x", "http://example.org:8080/x", id="port"),
        pytest.param("www.example.org", "https://www.example.org", id="www"),
        pytest.param("https://bücher.de", "https://xn--bcher-kva.de", id="idn-punycode"),
        pytest.param(None, None, id="none"),
        pytest.param("", None, id="empty"),
        pytest.param("   ", None, id="blank"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("JAVASCRIPT://example.org/%0aalert(1)", None, id="javascript-slashes"),
        pytest.param("data:text/html,x", None, id="data"),
        pytest.param("mailto:a@example.org", None, id="mailto"),
        pytest.param("ftp://example.org", None, id="ftp"),
        pytest.param("https://user:pw@example.org", None, id="credentials"),
        pytest.param("user@example.org", None, id="email"),
        pytest.param("https://exa mple.org", None, id="space"),
        pytest.param("https://ex\u200bample.org", None, id="zero-width"),
        pytest.param("https://e.org/\x07", None, id="control-char"),
        pytest.param("https://example.org\\@evil.org", None, id="backslash"),
        pytest.param("https://localhost", None, id="no-dot"),
        pytest.param("https://-bad-.org", None, id="bad-label"),
        pytest.param("https://example.org:99999", None, id="bad-port"),
        pytest.param("//example.org", None, id="protocol-relative"),
        pytest.param("https://" + "a" * 290 + ".org", None, id="too-long"),
        pytest.param("just words", None, id="words"),
    ],
)
def test_safe_website(url: str | None, expected: str | None) -> None:
    """Accept only http(s) websites, normalised."""
    assert safe_website(url) == expected


@pytest.mark.parametrize(
    ("html", "max_chars", "expected"),
    [
        pytest.param("<p>Hello <strong>world</strong></p>", 160, "Hello world", id="plain"),
        pytest.param("<p>a &amp; b &lt;c&gt;</p>", 160, "a & b <c>", id="unescaped"),
        pytest.param("<p>one</p>\n<ul>\n<li>two</li>\n</ul>", 160, "one two", id="blocks"),
        pytest.param("<p>a<br>\nb</p>", 160, "a b", id="line-break"),
        pytest.param("<p>alpha beta gamma</p>", 12, "alpha beta…", id="word-boundary"),
        pytest.param("<p>alpha, beta gamma</p>", 9, "alpha…", id="trailing-comma"),
        pytest.param("<p>" + "a" * 200 + "</p>", 10, "aaaaaaaaa…", id="one-long-word"),
        pytest.param("<p>" + "b" * 160 + "</p>", 160, "b" * 160, id="exactly-max"),
        pytest.param("", 160, "", id="empty"),
    ],
)
def test_excerpt(html: str, max_chars: int, expected: str) -> None:
    """Return plain text, cut at a word boundary."""
    result = excerpt(html, max_chars)
    assert result == expected
    assert len(result) <= max_chars


def test_excerpt_of_rendered_comment() -> None:
    """Excerpt what render_comment produced, with the default length."""
    html = render_comment("Hello **world**, see https://example.org.\n\n- one\n- two & <three>")
    assert excerpt(html) == "Hello world, see https://example.org. one two & <three>"
    assert len(excerpt(render_comment("word " * 100))) == 160


def test_count_links() -> None:
    """Count links, new and existing, not text that merely looks like a tag."""
    html = render_comment(
        '[a](https://a.org "<a b") https://b.org www.c.org [d](javascript:x) <a href="x">'
    )
    assert count_links(html) == 3
    assert count_links("<p>no links</p>") == 0
    assert count_links("") == 0
