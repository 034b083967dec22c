"""The public catalogue: a static site (HTML, CSS, a little JavaScript) of published offers.

No server and no external resource: a collectivité copies the folder onto any web space, or
opens ``index.html`` from a disk. Pages are written from
:class:`accueil.domain.diffusion.PublicOffer` records only, every text through :func:`esc`
(HTML-escaped, control and direction characters removed), and follow the RGAA basics: French
``lang``, a skip link, one ``h1`` then ``h2``/``h3`` in order, labels on every filter, text
alternatives for the map and the logo, visible keyboard focus, contrast of at least 4.5:1 (the
territory's colour is checked by :func:`accueil.domain.diffusion.validate_settings`).

The list is complete without JavaScript; ``filtres.js`` only adds the filters (kind, place,
sector), which stay hidden when scripts do not run. :func:`write_site` writes through an
:class:`Output` (a folder the caller made, and a zip): the service writes into a temporary
folder, then renames it (atomic).
"""

from __future__ import annotations

import html
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from accueil import fr
from accueil.domain.diffusion import DiffusionSettings, PublicItem, PublicOffer
from accueil.domain.offers import ActivityKind
from accueil.io.feeds import clean, job_posting, script_json


def esc(text: object, limit: int = 5_000) -> str:
    """``text`` safe as HTML text or a quoted attribute value."""
    return html.escape(clean(text, limit), quote=True)


@dataclass(frozen=True, slots=True)
class MapPoint:
    x: float
    y: float
    place: str
    refs: tuple[str, ...]  # offers at that place


@dataclass(frozen=True, slots=True)
class MapData:
    """Outlines (SVG path data, already projected) and the points of published offers."""

    box: tuple[float, float, float, float]  # x, y, width, height of the viewBox
    outlines: tuple[tuple[str, str], ...]    # (name, path)
    points: tuple[MapPoint, ...]


CSS = """\
:root { --accent: %(colour)s; --text: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }  /* the filters stay hidden without the script */
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--text); background: #fff; line-height: 1.5; font-size: 1rem; }
a { color: var(--accent); }
a:focus, button:focus, select:focus, summary:focus { outline: 3px solid #000;
  outline-offset: 2px; }
.evitement { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.evitement:focus { left: .5rem; }
header.site { background: var(--accent); color: #fff; padding: 1rem 1.5rem; }
header.site a { color: #fff; }
header.site img { max-height: 3rem; vertical-align: middle; margin-right: 1rem; background: #fff;
  padding: .2rem; }
header.site p { margin: 0; font-size: 1.4rem; font-weight: bold; }
nav.site ul { list-style: none; margin: .5rem 0 0; padding: 0; display: flex; gap: 1.5rem; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.filtres { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; margin: 1rem 0;
  padding: 1rem; border: 1px solid var(--line); }
.filtres label { display: block; font-weight: bold; }
.filtres select { font-size: 1rem; padding: .3rem; min-width: 12rem; }
ul.offres { list-style: none; padding: 0; display: grid; gap: 1rem;
  grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }
ul.offres li { border: 1px solid var(--line); border-left: 6px solid var(--accent);
  padding: .8rem 1rem; }
ul.offres h2 { font-size: 1.1rem; margin: 0 0 .3rem; }
.meta { color: var(--muted); margin: 0; }
dl.faits { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dl.faits dt { font-weight: bold; }
dl.faits dd { margin: 0; }
.contact { border: 2px solid var(--accent); padding: 1rem; margin-top: 2rem; }
svg.carte { width: 100%%; max-width: 48rem; max-height: 80vh; height: auto;
  border: 1px solid var(--line); }
svg.carte path { fill: #f2f2f2; stroke: #6b6b6b; stroke-width: 60; }
svg.carte circle { fill: var(--accent); stroke: #fff; stroke-width: 150; }
svg.carte a:focus circle { stroke: #000; stroke-width: 400; }
footer { border-top: 1px solid var(--line); padding: 1rem 1.5rem; color: var(--muted); }
@media print { header.site, nav.site, .filtres, footer { display: none; } }
"""

FILTER_JS = """\
// Filters of the list: progressive enhancement; without this script the whole list shows.
(function () {
  var form = document.getElementById("filtres");
  var items = Array.prototype.slice.call(document.querySelectorAll("ul.offres > li"));
  var count = document.getElementById("compte");
  if (!form || !items.length) { return; }
  form.hidden = false;
  var fields = ["type", "lieu", "secteur"];
  function apply() {
    var shown = 0;
    items.forEach(function (item) {
      var ok = fields.every(function (name) {
        var wanted = form.elements[name].value;
        return !wanted || item.getAttribute("data-" + name) === wanted;
      });
      item.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + (shown > 1 ? " offres affichées" : " offre affichée");
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
})();
"""


def _page(title: str, body: str, settings: DiffusionSettings, *, depth: int = 0,
          head_extra: str = "", script: str = "") -> str:
    up = "../" * depth
    logo = (f'<img src="{up}logo.png" alt="{esc(settings.territory_name)}">'
            if settings.logo else "")
    scripts = f'<script src="{up}{script}"></script>' if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title, 300)} – {esc(settings.site_title, 200)}</title>\n"
        f'<link rel="stylesheet" href="{up}style.css">\n'
        f'<link rel="alternate" type="application/atom+xml" title="Nouvelles offres" '
        f'href="{up}flux/offres.atom">\n'
        f"{head_extra}</head>\n<body>\n"
        '<a class="evitement" href="#contenu">Aller au contenu</a>\n'
        f'<header class="site">{logo}<p><a href="{up}index.html">'
        f"{esc(settings.site_title, 200)}</a> · {esc(settings.territory_name, 200)}</p>\n"
        '<nav class="site" aria-label="Menu principal"><ul>'
        f'<li><a href="{up}index.html">Toutes les offres</a></li>'
        f'<li><a href="{up}carte.html">Carte des offres</a></li>'
        f'<li><a href="{up}flux/offres.json">Données ouvertes (JSON)</a></li>'
        f'<li><a href="{up}flux/offres.atom">Flux Atom</a></li></ul></nav></header>\n'
        f'<main id="contenu">\n{body}\n</main>\n'
        f"<footer><p>{_contact_line(settings)}</p></footer>\n"
        f"{scripts}\n</body>\n</html>\n")


def _contact_line(settings: DiffusionSettings) -> str:
    return " · ".join(esc(line, 300) for line in settings.contact_lines)


def _summary(offer: PublicOffer) -> str:
    parts = [offer.kind_label, offer.place]
    if offer.kind is ActivityKind.EMPLOI and offer.contract:
        parts.append(offer.contract)
    if offer.kind is ActivityKind.REPRISE and offer.asking_price:
        parts.append(f"prix {offer.asking_price.words}")
    return " · ".join(parts)


def _options(name: str, label: str, values: Sequence[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in values)
    return (f'<div><label for="f-{name}">{label}</label>'
            f'<select id="f-{name}" name="{name}"><option value="">Tous</option>{options}'
            "</select></div>")


def index_page(offers: Sequence[PublicOffer], settings: DiffusionSettings,
               generated_at: datetime) -> str:
    kinds = sorted({(o.kind.value, o.kind_label) for o in offers})
    places = sorted({(o.place, o.place) for o in offers}, key=lambda p: p[0].lower())
    sectors = sorted({(o.sector_label, o.sector_label) for o in offers})
    items = "\n".join(
        f'<li data-type="{o.kind.value}" data-lieu="{esc(o.place, 300)}" '
        f'data-secteur="{esc(o.sector_label)}"><h2><a href="offres/{o.ref}.html">'
        f"{esc(o.title, 300)}</a></h2><p class=\"meta\">{esc(_summary(o), 600)}</p></li>"
        for o in offers)
    body = (
        f"<h1>{esc(settings.site_title, 200)}</h1>\n"
        f"<p>{fr.plural(len(offers), 'offre publiée', 'offres publiées')} au "
        f"{fr.day(generated_at)} : reprises d'entreprise, créations d'activité et emplois, "
        "avec le logement et les services autour.</p>\n"
        '<form id="filtres" class="filtres" hidden aria-label="Filtrer les offres">'
        + _options("type", "Type d'offre", kinds) + _options("lieu", "Lieu", places)
        + _options("secteur", "Secteur", sectors)
        + '<div><button type="reset">Tout afficher</button></div></form>\n'
        f'<p id="compte" aria-live="polite">{fr.plural(len(offers), "offre affichée", "offres affichées")}</p>\n'
        f'<ul class="offres">\n{items}\n</ul>')
    return _page("Toutes les offres", body, settings, script="filtres.js")


def _facts(rows: Sequence[tuple[str, str]]) -> str:
    shown = [(k, v) for k, v in rows if v]
    if not shown:
        return ""
    return ('<dl class="faits">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>"
                                           for k, v in shown) + "</dl>")


def activity_rows(offer: PublicOffer) -> list[tuple[str, str]]:
    """(label, value) of the activity, shared by the web page and the PDF sheet."""
    rows = [("Type", offer.kind_label), ("Lieu", offer.place)]
    if offer.naf_label or offer.sector_code:
        rows.append(("Secteur", offer.naf_label or offer.sector_label))
    if offer.kind is ActivityKind.REPRISE:
        rows += [("Chiffre d'affaires", offer.turnover.words if offer.turnover else ""),
                 ("Prix demandé", offer.asking_price.words if offer.asking_price else ""),
                 ("Effectif", f"{fr.number(offer.headcount, 1 if offer.headcount % 1 else 0)}"
                  " salarié(s) (ETP)" if offer.headcount is not None else ""),
                 ("Cession souhaitée", f"{fr.MONTHS[offer.target_date.month - 1]} "
                  f"{offer.target_date.year}" if offer.target_date else "")]
    elif offer.kind is ActivityKind.EMPLOI:
        rows += [("Poste", offer.job_title), ("Contrat", offer.contract),
                 ("Temps de travail", offer.working_time), ("Salaire", offer.salary),
                 ("Début", offer.start)]
    else:
        rows.append(("Besoin", offer.need))
    return rows


def item_words(item: PublicItem) -> str:
    parts = [item.kind_label]
    if item.surface_m2:
        parts.append(f"{fr.number(item.surface_m2)} m²")
    if item.rooms:
        parts.append(fr.plural(item.rooms, "pièce"))
    if item.monthly_rent:
        parts.append(f"loyer {fr.euros(item.monthly_rent)} par mois")
    if item.price:
        parts.append(f"prix {fr.euros(item.price)}")
    if item.available:
        parts.append(f"disponible {item.available}")
    text = " · ".join(parts)
    return f"{text} — {item.description}" if item.description else text


def nearby_words(offer: PublicOffer) -> list[str]:
    return [f"{service} : {commune}, à {fr.number(km, 1 if km < 10 else 0)} km à vol d'oiseau"
            for service, commune, km in offer.nearby]


def offer_page(offer: PublicOffer, settings: DiffusionSettings, *,
               with_sheet: bool = True) -> str:
    sections = [f"<h1>{esc(offer.title, 300)}</h1>",
                (f'<p class="meta">{esc(offer.kind_label)} · {esc(offer.place, 300)} · '
                f"publiée le {fr.day(offer.published_at)}, mise à jour le "
                f"{fr.day(offer.updated_at)}</p>")]
    if offer.description:
        sections.append("<h2>Présentation</h2>" + "".join(
            f"<p>{esc(line)}</p>" for line in clean(offer.description).splitlines()
            if line.strip()))
    sections.append("<h2>L'activité</h2>" + _facts(activity_rows(offer)))
    sections.append("<h2>Logement et locaux</h2>" + (
        "<ul>" + "".join(f"<li>{esc(item_words(i))}</li>" for i in offer.items) + "</ul>"
        if offer.items else "<p>Renseignez-vous auprès du service accueil.</p>"))
    services = "".join(f"<li>{esc(s)}</li>" for s in offer.amenities)
    around = "".join(f"<li>{esc(line)}</li>" for line in nearby_words(offer))
    sections.append(
        "<h2>Services</h2>"
        + (f"<h3>Dans la commune</h3><ul>{services}</ul>" if services else "")
        + (f"<h3>Autour</h3><ul>{around}</ul>" if around else "")
        + ("" if services or around else "<p>Renseignez-vous auprès du service accueil.</p>"))
    if offer.living_environment:
        sections.append(f"<h2>Cadre de vie</h2><p>{esc(offer.living_environment, 2_000)}</p>")
    contact = "".join(f"<p>{esc(line, 300)}</p>" for line in settings.contact_lines)
    sections.append(f'<section class="contact" aria-labelledby="contact"><h2 id="contact">'
                    f"Contact</h2>{contact}<p>Référence à rappeler : {offer.ref}</p></section>")
    sheet = (f'<a href="../fiches/{offer.ref}.pdf">Fiche à imprimer (PDF)</a> · '
             if with_sheet else "")
    sections.append(f'<p>{sheet}<a href="../index.html">Toutes les offres</a></p>')
    posting = job_posting(offer, settings)
    head = (f'<script type="application/ld+json">\n{script_json(posting)}\n</script>\n'
            if posting else "")
    return _page(offer.title, "\n".join(sections), settings, depth=1, head_extra=head)


def map_page(offers: Sequence[PublicOffer], data: MapData, settings: DiffusionSettings) -> str:
    x, y, w, h = data.box
    outlines = "".join(f"<path d=\"{esc(d, 10**7)}\"><title>{esc(name)}</title></path>"
                       for name, d in data.outlines)
    by_ref = {o.ref: o for o in offers}
    radius = max(w, h) / 120
    points = []
    for point in data.points:
        count = len(point.refs)
        label = f"{point.place} : {fr.plural(count, 'offre')}"
        target = (f"offres/{point.refs[0]}.html" if count == 1 else f"#lieu-{point.refs[0]}")
        points.append(f'<a href="{target}"><circle cx="{point.x:.0f}" cy="{point.y:.0f}" '
                      f'r="{radius * (1 + min(count, 9) ** 0.5 / 2):.0f}">'
                      f"<title>{esc(label, 300)}</title></circle></a>")
    places: dict[str, list[PublicOffer]] = {}
    for point in data.points:
        places[point.refs[0]] = [by_ref[r] for r in point.refs if r in by_ref]
    listing = "".join(
        f'<li id="lieu-{key}"><strong>{esc(group[0].place, 300)}</strong> : '
        + ", ".join(f'<a href="offres/{o.ref}.html">{esc(o.title, 300)}</a>' for o in group)
        + "</li>" for key, group in places.items() if group)
    counts = Counter(o.place for o in offers)
    body = (
        "<h1>Carte des offres</h1>\n"
        f"<p>{fr.plural(len(offers), 'offre')} en {fr.plural(len(counts), 'lieu', 'lieux')}. "
        "Chaque point est un lieu ; la liste qui suit la carte donne les mêmes informations.</p>\n"
        f'<svg class="carte" viewBox="{x:.0f} {y:.0f} {w:.0f} {h:.0f}" role="img" '
        'aria-labelledby="carte-titre carte-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="carte-titre">Carte des offres publiées</title>'
        f'<desc id="carte-desc">Départements du territoire et {fr.plural(len(counts), "lieu", "lieux")}'
        " où des offres sont publiées.</desc>"
        f"<g>{outlines}</g><g>{''.join(points)}</g></svg>\n"
        f"<h2>Les offres par lieu</h2>\n<ul>{listing}</ul>")
    return _page("Carte des offres", body, settings)


class Output:
    """Where a publication's files go: a folder, and the same bytes into a zip when given
    (written from memory: reading 10 000 pages back from the disk cost seconds)."""

    def __init__(self, folder: Path, archive: zipfile.ZipFile | None = None) -> None:
        self.folder = folder
        self.archive = archive
        self.written: list[str] = []

    def put(self, name: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if self.archive is not None:
            self.archive.writestr(name, data)
        self.written.append(name)


def write_site(output: Output, offers: Sequence[PublicOffer], settings: DiffusionSettings,
               map_data: MapData, generated_at: datetime, *,
               with_sheets: bool = True) -> None:
    """Write the catalogue's pages, CSS, script and logo to ``output``."""
    output.put("style.css", CSS % {"colour": settings.colour})
    output.put("filtres.js", FILTER_JS)
    if settings.logo:
        output.put("logo.png", settings.logo)
    output.put("index.html", index_page(offers, settings, generated_at))
    output.put("carte.html", map_page(offers, map_data, settings))
    for offer in offers:
        output.put(f"offres/{offer.ref}.html",
                   offer_page(offer, settings, with_sheet=with_sheets))
