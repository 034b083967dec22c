"""User text made inert before it reaches Streamlit's Markdown: the one escaping helper.

Streamlit renders ``st.markdown``, ``st.caption``, ``st.header``, ``st.info``, ``st.toast``,
widget labels and more as GitHub-flavoured Markdown plus its own directives (``:red[…]``,
``:material/icon:``, ``:smile:``) and KaTeX (``$…$``). A title typed by a person, or read from
an imported file, must show as the characters typed: no remote image (a tracking pixel for
every viewer), no link, no colour or icon imitating a system alert, no heading, no formula.
:func:`md` does that; every user string shown through Markdown goes through it. Pure
functions, no streamlit import, so that services composing Markdown lines can use it too.

Probed in Chromium against Streamlit 1.67 (``bench/bench_hostile_text.py``): a backslash
before the marks that open Markdown syntax stops CommonMark, KaTeX and emoji shortcodes, but
not GFM's bare-URL links (``http://…``, ``www.…``, ``a@b.fr``) nor Streamlit's ``:red[…]``
and ``:material/…:``, which are matched on the text after escapes are resolved. An
invisible word joiner (U+2060) after a ``:`` or ``@`` glued to what follows, and inside
``www.``, breaks those patterns without changing what a reader sees. A French ``Type :
reprise`` is left exactly as typed.
"""

from __future__ import annotations

import re

# C0 and C1 control characters but tab and line feed, and the Unicode bidirectional
# overrides and isolates, which reorder what follows them on screen (a title that reads
# backwards, a file name whose extension seems to change).
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Marks that start Markdown syntax anywhere in a line. Parentheses, "!" and the like matter
# only after an (escaped) "[", so French punctuation mostly stays as typed.
_ANYWHERE = re.compile(r"([\\`*\[\]<>|~$&#])")
# An underscore between two letters or digits (``code_insee``) cannot open or close emphasis.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# Marks that start a block only at the start of a line: lists, quotes, rules, headings.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=>])")
# After ":" or "@" followed by a non-space (``:red[``, ``:material/``, ``http://``, ``a@b``)
# and inside "www.", an invisible word joiner; a French ": " or " @ " is left alone.
_GLUED = re.compile(r"([:@])(?=\S)")
_WWW = re.compile(r"(?i)(w)(ww\.)")
_WORD_JOINER = "\u2060"
_NEWLINES = re.compile(r"\s*(?:\r\n|\r|\n)\s*")
ELLIPSIS = "…"


def clean(text: object) -> str:
    """``text`` as a string without control characters or direction overrides."""
    return _INVISIBLE.sub("", "" if text is None else str(text))


def md(text: object, *, multiline: bool = False, limit: int | None = None) -> str:
    """``text`` as Markdown that shows exactly those characters, for any Streamlit element.

    Line breaks become spaces (headings, captions and labels are one line) unless
    ``multiline``, where each line is kept as a line. ``limit`` cuts a long text at that
    many characters, with an ellipsis: a page that shows a 100 000-character description in
    full is slow for everyone and readable by no one.
    """
    value = clean(text)
    if limit is not None and len(value) > limit:
        value = value[: max(limit - 1, 0)].rstrip() + ELLIPSIS
    if multiline:
        return "  \n".join(_escape_line(line) for line in re.split(r"\r\n|\r|\n", value))
    return _escape_line(_NEWLINES.sub(" ", value))


def _escape_line(line: str) -> str:
    # Leading spaces would make an indented code block; they mean nothing in a label.
    escaped = _ANYWHERE.sub(r"\\\1", line.lstrip())
    escaped = _UNDERSCORE.sub(r"\\_", escaped)
    escaped = _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)
    escaped = _GLUED.sub(r"\1" + _WORD_JOINER, escaped)
    return _WWW.sub(r"\1" + _WORD_JOINER + r"\2", escaped)


__all__ = ["ELLIPSIS", "clean", "md"]
