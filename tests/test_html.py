from __future__ import annotations

import pytest

from biasmeter.html import html_to_text, looks_like_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<html><body><p>Hello</p></body></html>", True),
        ("<div><p>A fragment</p><p>of a page</p></div>", True),
        ("Use the <p> tag for paragraphs.", False),
        ("An article about <html> and <body> tags.", False),
        ("No markup at all.", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


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
    ],
)
def test_html_to_text_keeps_visible_prose_and_the_title(page: str, expected: tuple[str, str]) -> None:
    assert html_to_text(page) == expected
