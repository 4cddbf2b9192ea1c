"""Readable text out of a raw HTML page, so that scraped pages are scored on what a reader sees."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "looks_like_html"]

_TAG = re.compile(
    r"<(?:!doctype|html|head|body|div|p|span|script|style|article|section|a|br|meta|title)\b", re.I
)
# Three or more of these tags near the start mark a document as HTML rather than an article that merely
# mentions "<p>".
_MIN_TAGS = 3
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

    Examples
    --------
    >>> looks_like_html("<html><body><p>Hello</p></body></html>")
    True
    >>> looks_like_html("Use the <p> tag for paragraphs.")
    False
    """
    head = text[:20_000]
    return len(_TAG.findall(head)) >= _MIN_TAGS


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


def html_to_text(page: str) -> tuple[str, str]:
    r"""Return ``(text, title)``: the visible prose of ``page``, one block per line, and its ``<title>``.

    Scripts, styles, navigation, headers, footers, asides and forms are dropped.

    Examples
    --------
    >>> html_to_text("<html><title>News</title><nav>Menu</nav><p>First &amp; last.</p><p>Second.</p></html>")
    ('First & last.\nSecond.', 'News')
    """
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    # The parser has already decoded character references (convert_charrefs): decoding again would turn
    # a title's "&amp;lt;" into "<" rather than "&lt;".
    title = " ".join("".join(collector.title).split())
    return text, title
