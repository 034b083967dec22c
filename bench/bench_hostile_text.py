"""How many hostile payloads Streamlit renders as live Markdown, raw and through ``md()``.

Starts a throw-away Streamlit script that shows every payload of ``tests/payloads.py`` with
``st.markdown``, ``st.caption``, ``st.header``, ``st.info`` and a widget label, first as typed
(what the pages did before issue 14), then through :func:`accueil.ui.text.md`; opens it in
headless Chromium and counts, inside each element, what the payload turned into: images,
links, coloured text, icons, emoji, headings, emphasis, code, lists, tables, quotes, rules,
formulas (KaTeX), and text that kept a bidirectional override. Prints the figures.

    python -m bench.bench_hostile_text [--port 8642]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

SCRIPT = '''
import json, sys
import streamlit as st
sys.path.insert(0, {root!r})
from accueil.ui.text import md
from tests.payloads import PAYLOADS
mode = st.query_params.get("mode", "raw")
show = (lambda p: md(p, limit=3000)) if mode == "md" else (lambda p: p)
for i, p in enumerate(PAYLOADS):
    with st.container(key=f"p{{i}}"):
        st.markdown(show(p))
        st.caption(show(p))
        st.header(show(p), anchor=False)
        st.info(show(p))
        st.checkbox(show(p)[:3000], key=f"c{{i}}")
'''

# What a payload may turn into; each selector found inside a payload's container counts once.
LIVE = {
    "image": "img", "link": "a[href]", "coloured text": ".stMarkdownColoredText, "
    "[class*=ColoredBackground]", "icon": "span[role=img][translate=no]",
    "heading inside text": ":is([data-testid=stMarkdown], [data-testid=stAlert], "
    "[data-testid=stCheckbox]) :is(h1, h2, h3, h4, h5, h6)",
    "emphasis": "strong, em, del", "code": "code, pre", "list": "ul, ol", "table": "table",
    "quote": "blockquote", "rule": "hr", "formula": ".katex",
}
COUNT_JS = """([selectors, n]) => {
  const out = {};
  for (const [name, sel] of Object.entries(selectors)) out[name] = 0;
  out["bidi override kept"] = 0; out["emoji"] = 0;
  for (let i = 0; i < n; i++) {
    const box = document.querySelector(`.st-key-p${i}`);
    if (!box) continue;
    for (const [name, sel] of Object.entries(selectors))
      if (box.querySelector(sel)) out[name] += 1;
    const text = box.innerText;
    if (/[\\u202a-\\u202e\\u2066-\\u2069]/.test(text)) out["bidi override kept"] += 1;
    if (/\\p{Extended_Pictographic}/u.test(text)) out["emoji"] += 1;
  }
  return out;
}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8642)
    port = parser.parse_args().port
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.payloads import PAYLOADS

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "payloads_app.py"
        script.write_text(SCRIPT.format(root=str(ROOT)), encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=folder, env={**os.environ}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                page = browser.new_page(viewport={"width": 1200, "height": 1000})
                results = {}
                for mode in ("raw", "md"):
                    started = time.perf_counter()
                    page.goto(f"{url}/?mode={mode}")
                    page.wait_for_selector(f".st-key-p{len(PAYLOADS) - 1} [data-testid=stCheckbox]",
                                           timeout=120_000)
                    page.wait_for_timeout(1500)
                    results[mode] = page.evaluate(COUNT_JS, [LIVE, len(PAYLOADS)])
                    results[mode]["seconds"] = round(time.perf_counter() - started, 1)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"{len(PAYLOADS)} payloads, each shown by st.markdown, st.caption, st.header, st.info "
          "and a checkbox label; payloads whose elements hold at least one:")
    names = [n for n in results["raw"] if n != "seconds"]
    print(f"{'':28} {'as typed':>9} {'md()':>6}")
    for name in names:
        print(f"{name:28} {results['raw'][name]:>9} {results['md'][name]:>6}")
    live_raw = sum(results["raw"][n] for n in names)
    live_md = sum(results["md"][n] for n in names)
    print(f"{'total (payload x kind)':28} {live_raw:>9} {live_md:>6}")
    print(f"page drawn in {results['raw']['seconds']} s as typed, {results['md']['seconds']} s "
          "through md() (long texts cut at 3 000 characters)")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
