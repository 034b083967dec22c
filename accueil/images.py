"""Plotly figures to PNG or SVG bytes through kaleido, offline: the one wrapper of kaleido.

kaleido (1.x) drives a Chrome or Chromium already on the computer (Debian's
``/usr/bin/chromium`` is found by itself). One browser is started per call, for all the
figures, on a thread of its own with a deadline: the caller may be a Streamlit script that
already runs an event loop, and kaleido's shared "sync server" would wait forever when no
browser is there. MathJax is never loaded and the world outline comes from the caller's
``topojson`` folder: nothing is fetched from the internet. Callers word the failures for
their users; this module raises. No streamlit, no store.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class BrowserMissing(Exception):
    """No Chrome or Chromium to draw with."""


@dataclass(frozen=True, slots=True)
class Drawing:
    """One image to make: the figure (a plotly Figure or its JSON) and kaleido's options
    (``format``, ``width``, ``height``, ``scale``)."""

    figure: Any
    options: Mapping[str, Any] = field(default_factory=dict)


def draw(drawings: Mapping[str, Drawing], *, timeout: float,
         topojson: str | None = None) -> dict[str, bytes]:
    """The bytes of each drawing, by name, made by one browser started for the occasion.

    Raises :class:`ImportError` when kaleido is not installed, :class:`BrowserMissing`
    without a browser, :class:`TimeoutError` past ``timeout`` seconds per drawing, and the
    browser's own error otherwise.
    """
    if not drawings:
        return {}
    import kaleido  # type: ignore[import-untyped,unused-ignore]
    from kaleido.errors import ChromeNotFoundError  # type: ignore[import-untyped,unused-ignore]

    async def run() -> dict[str, bytes]:
        images: dict[str, bytes] = {}
        async with kaleido.Kaleido(n=1, timeout=timeout, mathjax=False) as renderer:
            for name, drawing in drawings.items():
                images[name] = bytes(await renderer.calc_fig(
                    drawing.figure, dict(drawing.options), topojson=topojson))
        return images

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido")
    try:
        return pool.submit(asyncio.run, run()).result(timeout=timeout * len(drawings) + 30)
    except ChromeNotFoundError as error:
        raise BrowserMissing(str(error)) from error
    except concurrent.futures.TimeoutError as error:
        raise TimeoutError("the browser took too long to draw") from error
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
