"""Bounds on Python-Markdown's parsing time and depth, used by forum/markup.

Python-Markdown is quadratic or recursive on some hostile inputs ("[" * 9999,
"- " * 5000). These stand-ins, installed per Markdown instance, keep rendering
linear and its output the same wherever it runs. Nothing here sanitises: that is
forum/markup's job.
"""

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import partial

import markdown
from markdown.inlinepatterns import LinkInlineProcessor

MAX_NESTING = 50  # lists and quotes; far deeper than anyone writes by hand

BRACKET_RE = re.compile(r"[\[\]]")
# A link target "(url 'title')": <url>, or a url without spaces and with parentheses nested at
# most once, then an optional quoted title. Every part is unambiguous: linear time.
LINK_TARGET_RE = re.compile(
    r"""\(\s*(?:<([^<>\n]*)>|((?:[^\s()]|\([^\s()]*\))*))(?:\s+("[^"]*"|'[^']*'))?\s*\)"""
)
# Cheap necessary conditions for block processors whose test rescans the whole block on every
# call, which is quadratic in its lines: a table header row has a "|"; a "#" header starts a line.
BLOCK_PREFILTERS: dict[str, Callable[[str], bool]] = {
    "table": lambda block: "\n" in block and "|" in block.partition("\n")[0],
    "hashheader": lambda block: block.startswith("#") or "\n#" in block,
}
BRACKET_PATTERNS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)


class LinkScanner:
    """Linear-time stand-ins for Python-Markdown's getText and getLink.

    Upstream rescans to the end of the paragraph for every "[" or "(" that might open a link,
    so "[" * 9999 takes many seconds. Here bracket pairs are found once per text, and link
    targets are parsed with one linear regex (a little stricter than upstream: no bare spaces).
    """

    def __init__(self) -> None:
        """Start with an empty bracket index."""
        self._data = ""
        self._closers: dict[int, int] = {}  # both sides counted from the end of self._data

    def get_text(self, data: str, index: int) -> tuple[str, int, bool]:
        """Return the text up to the "]" matching the "[" just before index."""
        # Matching looks only forward, so an index built for a string with the same suffix
        # stays valid: the inline processor only rewrites text behind its cursor.
        if data is not self._data and not self._data.endswith(data[index - 1 :]):
            self._index(data)
        from_end = self._closers.get(len(data) - index)
        if from_end is None:
            return "", len(data), False
        close = len(data) - from_end
        return data[index:close], close + 1, True

    def _index(self, data: str) -> None:
        """Pair every "[" with its "]" in one pass."""
        opened: list[int] = []
        self._data, self._closers = data, {}
        for match in BRACKET_RE.finditer(data):
            if match.group() == "[":
                opened.append(len(data) - match.end())
            elif opened:
                self._closers[opened.pop()] = len(data) - match.start()

    @staticmethod
    def get_link(
        processor: LinkInlineProcessor, data: str, index: int
    ) -> tuple[str, str | None, int, bool]:
        """Parse "(url 'title')" at index, returning what LinkInlineProcessor.getLink does."""
        match = LINK_TARGET_RE.match(data, index)
        if match is None:
            return "", None, index, False
        href = match.group(1) if match.group(1) is not None else match.group(2)
        title = match.group(3) and " ".join(processor.unescape(match.group(3)[1:-1]).split())
        return processor.unescape(href).strip(), title, match.end(), True


class NestingGuard:
    """Stop lists and quotes nesting deeper than MAX_NESTING; deeper markers stay text.

    Python-Markdown recurses once per level, so "- " * 5000 raises RecursionError. Upstream
    guards quotes by stack depth, which varies by caller; a counter gives the same HTML anywhere.
    """

    def __init__(self, md: markdown.Markdown) -> None:
        """Wrap the block processors that nest."""
        self.depth = 0
        for name in ("olist", "ulist", "indent", "quote"):
            processor = md.parser.blockprocessors[name]
            processor.test = partial(self._test, processor.test)
            processor.run = partial(self._run, processor.run)

    def _test(self, test: Callable, parent: etree.Element, block: str) -> bool:
        """Claim the block only while nesting is shallow enough."""
        return self.depth < MAX_NESTING and test(parent, block)

    def _run(self, run: Callable, parent: etree.Element, blocks: list[str]) -> object:
        """Run the processor one level deeper."""
        self.depth += 1
        try:
            return run(parent, blocks)
        finally:
            self.depth -= 1


def _prefiltered(needed: Callable, test: Callable, parent: etree.Element, block: str) -> bool:
    """Run a block processor's test only on blocks that meet its cheap necessary condition."""
    return needed(block) and test(parent, block)


def install(md: markdown.Markdown) -> None:
    """Bound nesting and make link and block parsing linear on this Markdown instance."""
    NestingGuard(md)
    for name, needed in BLOCK_PREFILTERS.items():
        if name in md.parser.blockprocessors:
            processor = md.parser.blockprocessors[name]
            processor.test = partial(_prefiltered, needed, processor.test)
    scanner = LinkScanner()
    for name in BRACKET_PATTERNS:
        md.inlinePatterns[name].getText = scanner.get_text
    for name in ("link", "image_link"):  # the reference forms never call getLink
        md.inlinePatterns[name].getLink = partial(scanner.get_link, md.inlinePatterns[name])
