"""Server-side render time of the Viabilité page, and the time of its exports.

1. The page's script run by Streamlit's AppTest (and the time from a click on « Recalculer »,
   the form's submit button, to the new verdict) on a store holding the demo territory: cold
   (first display after opening the page) and warm (median of reruns, as when a user changes a
   field: the whole analysis, Monte Carlo included, runs again), for the complete takeover
   example, the creation example and a demo offer (partial analysis), beside a one-line
   ``st.write`` script measured the same way.
2. The exports: PDF without charts, PDF with the four charts drawn by kaleido (one Chromium
   started per PDF), the ``.xlsx`` export, and the template written then read back.

Prints only; asserts nothing (tests never time anything).

Run from the repository root: ``.venv/bin/python -m bench.bench_viability_page [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from accueil.domain.viability import Assumptions, ViabilityInputs, analyse, demo_inputs
from accueil.io.viability_charts import all_figures
from accueil.io.viability_form import values_from_inputs
from accueil.io.viability_report import pdf_report, render_charts, xlsx_report
from accueil.io.viability_xlsx import read_workbook, template_xlsx
from accueil.ui.resources import release_store

ROOT = Path(__file__).resolve().parents[1]
BARE = "import streamlit as st\nst.write('Bonjour')\n"
PAGE = "pages/viabilite.py"
SOURCES = {"Exemple de reprise (complet)": "Exemple : boulangerie",
           "Exemple de création": "Exemple : épicerie",
           "Offre de démo (analyse partielle)": "Reprise · Boulangerie-pâtisserie au cœur"}


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_of(action: Callable[[], object], repeat: int) -> float:
    return statistics.median(timed(action) for _ in range(repeat))


def checked(app: AppTest) -> AppTest:
    if app.exception:
        raise SystemExit(app.exception[0].value)
    return app


def bare(repeat: int) -> tuple[float, float]:
    app = AppTest.from_string(BARE, default_timeout=120)
    cold = timed(app.run)
    return cold, median_of(app.run, repeat)


def page(fragment: str, repeat: int) -> tuple[float, float]:
    """(cold, warm) seconds: the first display of ``fragment``'s analysis, then reruns."""
    release_store()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    checked(app.run())  # the router's first run opens the store and installs the demo
    app.switch_page(PAGE)
    checked(app.run())
    picker = app.selectbox(key="vb_source")
    index = next(i for i, label in enumerate(picker.options) if fragment in label)
    if picker.index == index:
        cold = timed(lambda: checked(app.run()))
    else:
        cold = timed(lambda: checked(picker.select_index(index).run()))
    return cold, median_of(lambda: checked(app.run()), repeat)


def recalculate(repeat: int) -> list[float]:
    """Seconds from a click on « Recalculer » (two fields changed in the form) to the page
    drawn again with its new verdict, on the takeover example (demo size: three years of
    accounts, 10 000 Monte Carlo draws)."""
    release_store()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    checked(app.run())
    app.switch_page(PAGE)
    checked(app.run())
    timings = []
    for run in range(repeat):
        app.text_input(key="vb_buyer.net_pay").input(f"{30_000 + 1_000 * (run % 2 + 1)}")
        app.text_input(key="vb_financing.loan.annual_rate").input("4,2" if run % 2 else "4,5")
        timings.append(timed(lambda: checked(app.button(key="vb_recalculate").click().run())))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ACCUEIL_DB"] = str(Path(folder) / "bench-viabilite.duckdb")
        bare_cold, bare_warm = bare(args.repeat)
        print(f"{'Page (serveur, AppTest)':<36} {'froid (s)':>10} {'chaud (s)':>10} "
              f"{'÷ page nue':>11}")
        print(f"{'page nue':<36} {bare_cold:>10.3f} {bare_warm:>10.3f} {1:>11.1f}")
        for label, fragment in SOURCES.items():
            cold, warm = page(fragment, args.repeat)
            print(f"{label:<36} {cold:>10.3f} {warm:>10.3f} {warm / bare_warm:>11.1f}")
        clicks = recalculate(args.repeat)
        print(f"« Recalculer » → verdict (exemple de reprise) : médiane "
              f"{statistics.median(clicks):.3f} s, pire {max(clicks):.3f} s sur "
              f"{len(clicks)} clics (objectif < 0,5 s)")
        release_store()

    report = analyse(demo_inputs(), Assumptions())
    figures = all_figures(report)
    images, note = render_charts(figures)
    state = values_from_inputs(demo_inputs(), Assumptions())
    template = template_xlsx(state)
    blank = values_from_inputs(ViabilityInputs(), Assumptions())
    cases = (
        ("Analyse complète (moteur seul)", lambda: analyse(demo_inputs(), Assumptions())),
        ("PDF sans graphiques", lambda: pdf_report(report, render=lambda _: ({}, None))),
        ("PDF, images déjà dessinées", lambda: pdf_report(report,
                                                          render=lambda _: (images, None))),
        ("PDF avec les 4 graphiques (kaleido)", lambda: pdf_report(report)),
        ("Export .xlsx", lambda: xlsx_report(report)),
        ("Modèle .xlsx écrit", lambda: template_xlsx(state)),
        ("Modèle .xlsx relu", lambda: read_workbook(template, "modele.xlsx", blank)),
    )
    print()
    if note:
        print(f"(kaleido indisponible : {note})")
    print(f"{'Export':<36} {'médiane (s)':>11}")
    for label, action in cases:
        runs = 3 if "kaleido" in label else args.repeat
        print(f"{label:<36} {median_of(action, runs):>11.3f}")


if __name__ == "__main__":
    main()
