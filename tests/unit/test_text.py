"""The Markdown escaper: every hostile payload shows as the characters typed, as plain text.

Checked with a CommonMark parser (markdown-it, with GFM tables and strikethrough); the
patterns that Streamlit adds on top (``:red[…]``, ``:material/…:``, emoji shortcodes, KaTeX
``$``, GFM's bare links) are checked on the text, and in Chromium by
``bench/bench_hostile_text.py``.
"""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from accueil.ui.text import ELLIPSIS, clean, md
from tests.payloads import CONTROL, PAYLOADS

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")
WORD_JOINER = "\u2060"
# What Streamlit recognises in the text once Markdown is parsed: directives and icons,
# shortcodes, and GFM's bare links (www., scheme://, e-mail addresses). KaTeX's "$" is
# recognised while parsing, so a backslash before it is enough (checked on the source).
STREAMLIT_PATTERNS = re.compile(
    r":[a-z-]+\[|:material/|:[a-z_+-]+:|(?i:www\.)|[a-z]+://|[^\s\u2060]@[^\s\u2060]")


def rendered(markdown: str) -> tuple[set[str], str]:
    out = PARSER.render(markdown)
    tags = {m[2] for m in TAG.finditer(out)}
    return tags, html.unescape(TAG.sub("", out))


def visible(text: str) -> str:
    return " ".join(clean(text).split())


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_a_payload_renders_as_one_plain_paragraph_of_its_own_characters(payload: str) -> None:
    tags, text = rendered(md(payload))
    assert tags <= {"p"}, tags
    assert " ".join(text.replace(WORD_JOINER, "").split()) == visible(payload)
    assert not STREAMLIT_PATTERNS.search(text), text[:200]
    assert not re.search(r"(?<!\\)\$", md(payload))


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_a_multiline_payload_keeps_its_lines_and_nothing_else(payload: str) -> None:
    tags, text = rendered(md(payload, multiline=True))
    assert tags <= {"p", "br"}, tags
    assert " ".join(text.replace(WORD_JOINER, "").split()) == visible(payload)


@pytest.mark.parametrize("payload", CONTROL, ids=range(len(CONTROL)))
def test_control_characters_and_direction_overrides_are_removed(payload: str) -> None:
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", md(payload))


def test_french_text_stays_as_typed() -> None:
    typed = "Boulangerie-pâtisserie (reprise) : 3 salariés, 250 000 € ; prête en 2027 !"
    assert md(typed) == typed


def test_a_long_text_is_cut_with_an_ellipsis() -> None:
    shown = md("a" * 10_000, limit=300)
    assert len(shown) == 300
    assert shown.endswith(ELLIPSIS)
