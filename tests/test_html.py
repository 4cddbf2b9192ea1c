from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biasmeter.html import html_to_text, looks_like_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<html><body><p>Hello</p></body></html>", True),
        ("<!DOCTYPE html>\n<title>News</title>\n<p>Body.</p>", True),
        ("<div><p>A fragment</p><p>of a page</p></div>", True),
        # Fragments, as feeds and CMS fields give them: a tag before and after, or closed elements and
        # character references.
        (
            "<p>The senator said &quot;this plan will fail badly&quot; today.</p><p>Critics disagreed.</p>",
            True,
        ),
        ("<p>One paragraph only.</p>", True),
        ('  <div class="story">\n<p>Text.</p>\n</div>\n', True),
        ("<h2>Budget</h2>\n<p>The council voted.</p>", True),
        ("<p>She said &#8220;no&#8221;.</p>\n<p>He left.</p>\nRead more at example.com", True),
        ("First paragraph.<br /><br />Second paragraph.<br /><br />Third.", True),
        ("<p>A tag written <a href='x.html?a=1&b>2'>with a &gt; in a value</a>.</p>", True),
        # Prose: comparisons, a tag or two mentioned, a code sample, stray markup of a scraper.
        ("No markup at all.", False),
        ("a < b and c > d", False),
        ("if x<y and z>w then a<b and c>d, and p<q", False),
        ("If x<a and y<a then z<a.", False),
        ("Use the <p> tag for paragraphs.", False),
        ("Use the <p> tag for paragraphs, closed by </p>.", False),
        ("An article about <html> and <body> tags.", False),
        ("To make text bold, write <b>bold</b>, and for italics <i>italic</i>.", False),
        ("A list is written <ul><li>one</li><li>two</li></ul> in a page.", False),
        ("<b>WASHINGTON</b> - The Senate passed the bill on Monday.", False),
        (
            'Watch the latest video at <a href="http://video.foxnews.com">video.foxnews.com</a>\n\nMore.',
            False,
        ),
        (
            "Andrew McCabe on 60 Minutes (<i>60 Minutes</i> via YouTube)\n\nTrump wanted Comey to speak.",
            False,
        ),
        ("From: John <john@example.com>\nTo: <p.smith@example.com>", False),
        ("<SOT: OBAMA> We will win. <crowd cheers>", False),
        ("AT&T; and S&P; rose; </p> and </div> were mentioned in passing.", False),
        ("</p>", False),
        ("<p>", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_a_fragment_ends_where_the_text_ends_even_past_the_first_characters_read() -> None:
    body = "<p>" + "A long paragraph of the article. " * 1_000 + "</p>"
    assert len(body) > 20_000
    assert looks_like_html(body)
    assert not looks_like_html(body + " And prose after it.")


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "<html><title>News</title><nav>Menu</nav><p>First &amp; last.</p><p>Second.</p></html>",
            ("First & last.\nSecond.", "News"),
        ),
        # References are decoded once, in the title as in the text: "&amp;lt;" is the text "&lt;".
        ("<html><title>A &amp;lt; B</title><p>x &amp;lt; y</p></html>", ("x &lt; y", "A &lt; B")),
        (
            "<html><head><script>var a = 1;</script><style>p {}</style></head>"
            "<body><header>Site</header><p>Body   text\n spread</p><footer>(c)</footer></body></html>",
            ("Body text spread", ""),
        ),
        ("<html><body><p>One<br>Two</p></body></html>", ("One\nTwo", "")),
        (
            "<html><body><p>A wrapped\nparagraph</p><pre>line one\nline two</pre></body></html>",
            ("A wrapped paragraph\nline one\nline two", ""),
        ),
        # "<![" that opens no marked section html.parser knows made it raise; it is read as text.
        ("<p>Note <![ this</p>", ("Note <![ this", "")),
        ("<p>x <![foo[ y]]> z</p><p>end</p>", ("x <![foo[ y]]> z\nend", "")),
        ("<p>a <![CDATA[hidden]]> b</p>", ("a b", "")),
    ],
)
def test_html_to_text_keeps_visible_prose_and_the_title(page: str, expected: tuple[str, str]) -> None:
    assert html_to_text(page) == expected


_MARKUP = st.sampled_from(
    ["<", ">", "</", "<!", "<![", "]]>", "<!--", "-->", "p", "a", "CDATA[", "if", " ", "&", ";", "x"]
)


@given(st.lists(_MARKUP, max_size=30).map("".join))
def test_html_to_text_reads_any_markup(page: str) -> None:
    text, title = html_to_text(page)
    # One block a line, white space squeezed: no blank line, and no space at either end of a line.
    lines = text.split("\n") if text else []
    assert all(line and line == " ".join(line.split()) for line in lines)
    assert title == " ".join(title.split())
