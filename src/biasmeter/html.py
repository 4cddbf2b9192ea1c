"""Readable text out of a raw HTML page, so that scraped pages are scored on what a reader sees."""

from __future__ import annotations

import re
from html.entities import html5
from html.parser import HTMLParser

__all__ = ["html_to_text", "looks_like_html"]

# Markup is read in the first characters only: a page shows what it is at its start.
_HEAD = 20_000
# A tag as a page writes it: a name, then attributes (a quoted value may hold ">"), up to its ">".
# "a < b", "x<y and z>w", "<SOT: Obama>" and "<name@example.com>" are no tags of these names. No tag
# spans a "<", so that looking for tags takes one pass over the text.
_ATTRIBUTES = r"""(?:[\s/](?:"[^"<]*"|'[^'<]*'|[^"'<>])*)?>"""
_PAGE_TAG = re.compile(
    r"<(?:!doctype|html|head|body|div|p|span|script|style|article|section|a|br|meta|title)" + _ATTRIBUTES,
    re.I,
)
# Three or more of these tags near the start mark a document as HTML rather than an article that merely
# mentions "<p>" or "<html>" once or twice.
_MIN_TAGS = 3
# Elements that a fragment of a page (a feed item, a CMS field) is made of.
_ELEMENT_NAMES = (
    "a|abbr|article|aside|b|blockquote|body|br|caption|cite|code|dd|div|dl|dt|em|figcaption|figure|footer|"
    "h[1-6]|head|header|hr|html|i|iframe|img|li|main|nav|ol|p|pre|q|s|script|section|small|span|strong|style|"
    "sub|sup|table|tbody|td|th|thead|time|title|tr|u|ul"
)
_TAG = re.compile(
    rf"<!--|<!doctype\s+html\b|</(?:{_ELEMENT_NAMES})\s*>|<(?:{_ELEMENT_NAMES}){_ATTRIBUTES}", re.I
)
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form"}
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "article",
        "section",
        "tr",
        "blockquote",
        "figcaption",
        "title",
        "table",
        "pre",
        "hr",
    }
)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML document or fragment rather than prose.

    It is HTML when

    - its first 20,000 characters hold three tags of a page (``<p>``, ``<div>``, ``<a href=…>``, ``<br>``,
      ``<title>``, …), or
    - it is a fragment of markup: it starts and ends with a tag (white space aside) and closes an element
      (``<p>…</p><p>…</p>``), or
    - its first 20,000 characters close two elements and hold a character reference of HTML (``&quot;``,
      ``&#8217;``, ``&amp;``).

    Prose that mentions a tag or two, quotes a line of markup, or writes comparisons (``a < b``,
    ``x<y and z>w``) stays prose: read as a page, its line breaks would be lost.

    Examples
    --------
    >>> looks_like_html("<html><body><p>Hello</p></body></html>")
    True
    >>> looks_like_html("<p>The senator said &quot;no&quot;.</p><p>Critics disagreed.</p>")
    True
    >>> looks_like_html("Use the <p> tag for paragraphs, closed by </p>.")
    False
    """
    head = text[:_HEAD]
    if len(_PAGE_TAG.findall(head)) >= _MIN_TAGS:
        return True
    first = _TAG.match(head, len(head) - len(head.lstrip()))
    last = _last_tag(text)
    closed = sum(1 for tag in _TAG.finditer(head) if tag.group().startswith("</"))
    if first and last and first.end() <= last.start() and (closed or last.group().startswith("</")):
        return True
    return closed >= 2 and any(_is_reference(match.group()) for match in _REFERENCE.finditer(head))


def _last_tag(text: str) -> re.Match[str] | None:
    """The tag that ``text`` ends with (white space aside), if it ends with one."""
    end = len(text.rstrip())
    start = text.rfind("<", 0, end)
    match = _TAG.match(text, start, end) if start >= 0 else None
    return match if match and match.end() == end else None


def _is_reference(reference: str) -> bool:
    # "AT&T;" or "S&P;" in prose are no references: a named one must be one of HTML's.
    return reference[1] == "#" or reference[1:] in html5


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skipping = 0
        self._preformatted = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "pre":
            self._preformatted += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        elif tag == "title":
            self._in_title = False
        elif tag == "pre" and self._preformatted:
            self._preformatted -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skipping:
            # A line break in the page's source is a space on screen (but in <pre>); only blocks make
            # lines, which the features read as the ends of headings and sentences.
            if not self._preformatted:
                data = data.replace("\r", " ").replace("\n", " ")
            self.parts.append(data)


def _collected(page: str) -> _TextCollector:
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    return collector


def html_to_text(page: str) -> tuple[str, str]:
    r"""Return ``(text, title)``: the visible prose of ``page``, one block per line, and its ``<title>``.

    Scripts, styles, navigation, headers, footers, asides and forms are dropped.

    Examples
    --------
    >>> html_to_text("<html><title>News</title><nav>Menu</nav><p>First &amp; last.</p><p>Second.</p></html>")
    ('First & last.\nSecond.', 'News')
    """
    try:
        collector = _collected(page)
    except AssertionError:
        # html.parser asserts on a "<![" that opens no marked section it knows ("<![ note", "<![if]>"),
        # where a browser reads a bogus comment; read as text instead, the rest of the page still parses.
        collector = _collected(page.replace("<![", "&lt;!["))
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    # The parser has already decoded character references (convert_charrefs): decoding again would turn
    # a title's "&amp;lt;" into "<" rather than "&lt;".
    title = " ".join("".join(collector.title).split())
    return text, title
