"""The methodological note stays in step with the sources the engine cites."""

from __future__ import annotations

import re
from pathlib import Path

from accueil.domain.viability import sources
from accueil.domain.viability.valuation import TURNOVER_SCALES

NOTE = Path(__file__).resolve().parents[3] / "docs" / "viabilite.md"


def cited_urls() -> set[str]:
    text = " ".join(
        value for name, value in vars(sources).items() if name.isupper() and isinstance(value, str)
    )
    return {url.rstrip(").,;") for url in re.findall(r"https?://\S+", text)}


def test_every_source_the_engine_cites_appears_in_the_methodological_note() -> None:
    note = NOTE.read_text(encoding="utf-8")
    missing = sorted(url for url in cited_urls() if url not in note)
    assert missing == []


def test_every_trade_scale_is_listed_in_the_note_with_its_range() -> None:
    note = NOTE.read_text(encoding="utf-8")
    for scale in TURNOVER_SCALES.values():
        low, high = round(scale.low * 100), round(scale.high * 100)
        assert f"{low} – {high} %" in note, scale.trade
