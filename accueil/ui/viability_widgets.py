"""Widgets of the *Viabilité* page: the form drawn from its field list, the accounts tables,
the verdict banner and the result tables.

Draws only. The fields, their units and the conversion to the engine live in
:mod:`accueil.io.viability_form`; the French tables in :mod:`accueil.io.viability_tables`. Values
are kept in ``st.session_state`` under ``vb_``-prefixed keys, with a shadow copy so that a
field hidden for one kind of project (the accounts of a reprise while looking at a création)
keeps what was typed: Streamlit forgets the state of widgets it did not draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from accueil.domain.viability import OfferKind, VerdictKind
from accueil.io.viability_form import (
    ACCOUNTS,
    AMOUNT_COLUMN,
    BALANCE_TABLE,
    FIELDS,
    FORECAST,
    FORECAST_COLUMNS,
    FORECAST_TABLE,
    GENERAL,
    INCOME_TABLE,
    LAST_YEAR_KEY,
    TYPED_AS_TEXT,
    YEAR_COUNT_KEY,
    FieldKind,
    FormField,
    FormSection,
    FormState,
    shown_tables,
    shown_year_columns,
    year_labels,
)
from accueil.io.viability_tables import Facts, ReportView

PREFIX = "vb_"
SHADOW = "vb_shadow"
TABLES = ("income", "details", "balance", "forecast")
NOTES = "vb_notes"
LOADED = "vb_loaded_for"
PENDING = "vb_pending"
FORM = "vb_form"
RECALCULATE = "vb_recalculate"
Slots = dict[str, DeltaGenerator]

VERDICT_STYLE = {
    VerdictKind.VIABLE: (st.success, ":material/check_circle:"),
    VerdictKind.FRAGILE: (st.warning, ":material/warning:"),
    VerdictKind.NOT_VIABLE: (st.error, ":material/cancel:"),
    VerdictKind.UNDETERMINED: (st.info, ":material/help:"),
}


def widget_key(field_key: str) -> str:
    return PREFIX + field_key


def load(state: FormState, token: str) -> None:
    """Put ``state`` into the widgets (a new source, an upload, a re-opened analysis)."""
    shown = shown_tables(state)
    for key, value in shown.values.items():
        st.session_state[widget_key(key)] = value
    st.session_state[SHADOW] = dict(shown.values)
    for name in TABLES:
        frame = getattr(shown, name)
        st.session_state[f"{PREFIX}{name}_base"] = frame
        st.session_state[f"{PREFIX}{name}_shadow"] = frame
        st.session_state.pop(f"{PREFIX}{name}", None)
    st.session_state[NOTES] = state.notes
    st.session_state[LOADED] = token


def load_later(state: FormState) -> None:
    """Load ``state`` at the start of the next run, before any widget exists (Streamlit
    refuses to change a widget's value once it is drawn); the caller then reruns."""
    st.session_state[PENDING] = state


def apply_pending(token: str) -> None:
    pending = st.session_state.pop(PENDING, None)
    if pending is not None:
        load(pending, token)


def restore() -> None:
    """Give back to hidden widgets the values Streamlit dropped while they were not drawn."""
    shadow: Mapping[str, Any] = st.session_state.get(SHADOW, {})
    for key, value in shadow.items():
        if widget_key(key) not in st.session_state:
            st.session_state[widget_key(key)] = value


def current_kind() -> OfferKind:
    value = st.session_state.get(widget_key("kind"))
    return OfferKind(value) if value in {k.value for k in OfferKind} else OfferKind.TAKEOVER


def field(spec: FormField, slots: Slots) -> None:
    """One widget for ``spec``, and an empty slot under it for its error messages."""
    key = widget_key(spec.key)
    if spec.kind is FieldKind.CHOICE:
        labels = dict(spec.choices)
        st.selectbox(spec.label, list(labels), key=key, format_func=lambda v: labels.get(v, v),
                     help=spec.help or None)
    elif spec.kind is FieldKind.FLAG:
        st.checkbox(spec.label, key=key, help=spec.help or None)
    elif spec.kind in (FieldKind.TEXT, FieldKind.WEIGHTS, *TYPED_AS_TEXT):
        st.text_input(spec.label, key=key, help=spec.help or None,
                      placeholder=spec.placeholder or None)
    else:
        st.number_input(spec.label, key=key, value=None, step=1, format="%d",
                        help=spec.help or None, placeholder=spec.placeholder or None)
    slots[spec.key] = st.container()


def section(part: FormSection, kind: OfferKind, slots: Slots, columns: int = 3) -> None:
    """A titled group of fields, those that apply to ``kind``, laid out in columns."""
    shown = [spec for spec in part.fields if kind in spec.applies_to]
    if not shown or kind not in part.applies_to:
        return
    st.markdown(f"**{part.title}**")
    if part.help:
        st.caption(part.help)
    cells = st.columns(columns)
    boxes = [spec for spec in shown if spec.kind is FieldKind.FLAG]  # long labels: full width
    for index, spec in enumerate(s for s in shown if s.kind is not FieldKind.FLAG):
        with cells[index % columns]:
            field(spec, slots)
    for spec in boxes:
        field(spec, slots)


def _editor(name: str, column_config: dict[str, Any], column_order: list[str] | None = None,
            height: int | Literal["auto"] = "auto") -> pd.DataFrame:
    base_key, shadow_key, key = f"{PREFIX}{name}_base", f"{PREFIX}{name}_shadow", PREFIX + name
    if key not in st.session_state and shadow_key in st.session_state:
        st.session_state[base_key] = st.session_state[shadow_key]  # it was hidden: keep edits
    base: pd.DataFrame = st.session_state[base_key]
    edited = st.data_editor(base, key=key, num_rows="fixed", width="stretch",
                            column_config=column_config, placeholder="",
                            column_order=column_order, height=height)
    st.session_state[shadow_key] = edited
    return edited


def accounts(slots: Slots) -> None:
    """The seller's compte de résultat (main lines and "dont" lines) and balance sheet."""
    st.markdown(f"**{ACCOUNTS.title}**")
    st.caption(ACCOUNTS.help)
    c1, c2, _ = st.columns([1, 1, 2])
    with c1:
        field(FIELDS[LAST_YEAR_KEY], slots)
    with c2:
        field(FIELDS[YEAR_COUNT_KEY], slots)
    last_year = st.session_state.get(widget_key(LAST_YEAR_KEY))
    count = st.session_state.get(widget_key(YEAR_COUNT_KEY)) or "3"
    labels = year_labels(int(last_year)) if isinstance(last_year, int | float) else {}
    shown = list(shown_year_columns(int(count)))
    config: dict[str, Any] = {"_index": st.column_config.TextColumn("Poste", width="large")}
    for column in shown:
        config[column] = st.column_config.TextColumn(labels.get(column, column),
                                                     alignment="right")
    _editor("income", config, shown, height=35 * 25 + 3)
    with st.expander("Lignes « dont » : rémunération du cédant, éléments non récurrents, "
                     "détail financier et exceptionnel"):
        _editor("details", config, shown)
    slots[INCOME_TABLE] = st.container()
    st.markdown("**Bilan du dernier exercice**")
    _editor("balance", {
        "_index": st.column_config.TextColumn("Poste", width="large"),
        AMOUNT_COLUMN: st.column_config.TextColumn(AMOUNT_COLUMN, alignment="right")})
    slots[BALANCE_TABLE] = st.container()


def forecast(slots: Slots) -> None:
    st.markdown(f"**{FORECAST.title}**")
    st.caption(FORECAST.help)
    config: dict[str, Any] = {"_index": st.column_config.TextColumn("Poste", width="medium")}
    config.update({column: st.column_config.TextColumn(column, alignment="right")
                   for column in FORECAST_COLUMNS})
    _editor("forecast", config)
    slots[FORECAST_TABLE] = st.container()


def read_state() -> FormState:
    """The form as it stands: every field's value and the four tables."""
    shadow: dict[str, Any] = dict(st.session_state.get(SHADOW, {}))
    for key in FIELDS:
        if widget_key(key) in st.session_state:
            shadow[key] = st.session_state[widget_key(key)]
    st.session_state[SHADOW] = shadow
    tables = {name: st.session_state[f"{PREFIX}{name}_shadow"] for name in TABLES}
    return FormState(values=shadow, notes=tuple(st.session_state.get(NOTES, ())), **tables)


def show_errors(slots: Slots, grouped: Mapping[str, list[str]]) -> None:
    """Each message in the slot of its field, table, or at the top of the form."""
    for anchor, messages in grouped.items():
        slot = slots.get(anchor, slots[GENERAL])
        for message in messages:
            slot.error(message, icon=":material/error:")


def verdict_banner(view: ReportView, saved_label: str | None) -> None:
    show, icon = VERDICT_STYLE[view.verdict_kind]
    show(f"**Verdict : {view.verdict_label}** — {view.verdict_summary}", icon=icon)
    if view.missing:
        st.warning("**Analyse partielle** : il manque " + " ; ".join(view.missing) + ". Les "
                   "chiffres qui en dépendent sont marqués « — ».", icon=":material/info:")
    if saved_label:
        st.caption(f":material/bookmark: {saved_label}")


def blanks(notes: tuple[str, ...]) -> None:
    """Say which empty cells of the accounts were counted as zero."""
    if notes:
        st.caption(":material/info: **Cases vides comptées pour zéro** : " + " ; ".join(notes)
                   + ". Saisissez 0 pour confirmer, ou le montant s'il manque.")


def _figures(column: pd.Series) -> bool:
    """True when every filled cell of ``column`` is a figure (starts with a digit or a sign)."""
    cells = [str(v) for v in column if str(v).strip()]
    return bool(cells) and all(c[0].isdigit() or c[0] in "+−-—" for c in cells)


def table(frame: pd.DataFrame, *, index: bool = False, height: int | Literal["auto"] = "auto",
          width: int | Literal["stretch", "content"] = "stretch") -> None:
    """A table of French strings; figures right-aligned, text left-aligned, nothing editable."""
    if frame.empty:
        st.caption("Non calculable avec les données saisies.")
        return
    data = frame.reset_index() if index else frame
    pair = len(data.columns) == 2  # label and value: give the label the room
    config: dict[str, Any] = {
        str(column): st.column_config.TextColumn(
            str(column), alignment="right" if position and _figures(data[column]) else "left",
            width="small" if pair and position else None)
        for position, column in enumerate(data.columns)}
    if height == "auto":  # show every row: these tables are short and meant to be read whole
        height = 35 * (len(data) + 1) + 3
    st.dataframe(data, hide_index=True, width=width, column_config=config, height=height)


CRITERION_MARK = {"Satisfait": (":material/check_circle:", "blue"),
                  "Non satisfait": (":material/cancel:", "orange"),
                  "Non évalué": (":material/help:", "gray"),
                  "Sans objet": (":material/remove_circle_outline:", "gray")}


def criteria(frame: pd.DataFrame) -> None:
    """The verdict's criteria, one line each: result (icon, colour and word), measure against
    threshold, and the sentence that explains it."""
    with st.container(border=True):
        for row in frame.to_dict("records"):
            icon, colour = CRITERION_MARK[str(row["Résultat"])]
            blocking = " · éliminatoire" if row["Éliminatoire"] == "oui" else ""
            st.markdown(f"{icon} :{colour}[**{row['Résultat']}**] — **{row['Critère']}** : "
                        f"{row['Mesure']} (seuil {row['Seuil']}{blocking})")
            st.caption(str(row["Explication"]))


def facts(items: Facts) -> None:
    """Label and value pairs, as a narrow two-column table."""
    if items:
        table(pd.DataFrame(items, columns=["Indicateur", "Valeur"]), width=640)


def sources(frame: pd.DataFrame) -> None:
    """The "Source" column of a table as a list under its first column's labels."""
    first = frame.columns[0]
    for row in frame.to_dict("records"):
        if row["Source"]:
            st.caption(f"**{row[first]}** : {row['Source']}")


def chart(figure: Any) -> None:
    if figure is not None:
        st.plotly_chart(figure, width="stretch", config={"displayModeBar": False})
