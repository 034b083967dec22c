"""What a generation publishes (issue 16), on a real store of both engines.

Offers of every confidentiality level, kind and status carry marker strings in every free-text
field; after a generation, no file of the publication (pages, feeds, sheets' text) holds a
marker of an offer the public may not see, nor of a field the takeover rules remove. The
pages parse with html5lib in strict mode, the JSON validates against its schema, the Atom and
RSS feeds parse back, and the JSON-LD of job pages is a schema.org JobPosting.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import html5lib
import jsonschema
import pytest
from lxml import etree
from pypdf import PdfReader

from accueil import fr
from accueil.domain.access import Principal, Refused, Role
from accueil.domain.diffusion import DiffusionSettings, PublicationState
from accueil.domain.offers import (
    Activity,
    ActivityKind,
    Confidentiality,
    Offer,
    OfferStatus,
)
from accueil.io.feeds import load_schema
from accueil.services import diffusion
from accueil.store import offers as offer_store
from accueil.store import publication as pub_store
from accueil.store.db import Store
from tests.builders import AURILLAC, housing, qualified_offer, takeover
from tests.payloads import HTML, MARKDOWN

ADMIN = Principal(login="admin", role=Role.ADMINISTRATEUR)
ALLY = "15003"  # Ally, 594 inhabitants; the largest commune of its EPCI is Pleaux
NOW = datetime(2026, 12, 7, 10, 0)
FREE_TEXT = ("title", "description", "living_environment", "source_partner")


def _marked(tag: str, level: Confidentiality, kind: ActivityKind, status: OfferStatus,
            commune: str) -> Offer:
    """An offer whose every free text holds ``tag`` and the field's name."""
    if kind is ActivityKind.REPRISE:
        activity = takeover(naf_label="Boulangerie", sale_reason=f"{tag}-sale_reason",
                            net_result=12_345.0, turnover=310_000.0, headcount=2)
    elif kind is ActivityKind.EMPLOI:
        activity = Activity(kind=kind, job_title=f"Poste {tag}-job_title", contract="CDI",
                            working_time="Temps plein", salary_min=1900.0, salary_max=2100.0,
                            salary_period="mois")
    else:
        activity = Activity(kind=kind, need=f"Besoin {tag}-need")
    return qualified_offer(
        title=f"Titre {tag}-title", description=f"Texte {tag}-description",
        living_environment=f"Cadre {tag}-living_environment",
        source_partner=f"Partenaire {tag}-source_partner", confidentiality=level,
        status=status, commune_insee=commune, activity=activity,
        receptivity=(housing(description=f"Maison {tag}-item"),))


def _all_offers() -> list[tuple[str, Offer]]:
    found = []
    for level in Confidentiality:
        for kind in ActivityKind:
            for status in OfferStatus:
                for commune in (AURILLAC, ALLY):
                    tag = f"MK{level.value[:4]}{kind.value[:3]}{status.value[:4]}{commune}"
                    found.append((tag, _marked(tag, level, kind, status, commune)))
    return found


def _texts(folder: Path) -> dict[str, str]:
    """Every file of a publication as text (PDF: the text of its pages)."""
    texts = {}
    for path in folder.rglob("*"):
        if path.suffix == ".pdf":
            texts[str(path)] = "\n".join(p.extract_text() for p in PdfReader(path).pages)
        elif path.is_file():
            texts[str(path)] = path.read_text(encoding="utf-8")
    return texts


@pytest.fixture
def published(store: Store, tmp_path: Path) -> tuple[list[tuple[str, Offer]], dict[int, str],
                                                      diffusion.Generated]:
    offers = _all_offers()
    ids = offer_store.save_offers(store, [o for _, o in offers])
    # every offer asked to be published, whatever its level: the rules must keep some out
    pub_store.request_publication(store, ids, "cm", NOW)
    tags = {i: tag for i, (tag, _) in zip(ids, offers, strict=True)}
    chosen = replace(DiffusionSettings(), base_url="https://accueil.example.fr/catalogue",
                     contact_email="accueil@example.fr")
    pub_store.save_settings(store, chosen)
    preview = diffusion.prepare(store, now=NOW)
    generated = diffusion.generate(store, ADMIN, preview, tmp_path / "pub",
                                   confirmed=preview.fingerprint, now=NOW, sheets=False)
    return offers, tags, generated


def test_nothing_non_public_nor_removed_is_published(store: Store, published: tuple) -> None:
    offers, tags, generated = published
    texts = _texts(generated.folder)
    # the printable sheets of every offer, asked for by id: the same rules apply
    brochure = diffusion.sheet(store, list(tags))
    texts["brochure.pdf"] = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(brochure)).pages)
    assert len(PdfReader(io.BytesIO(brochure)).pages) == generated.offers
    everything = "\n".join(texts.values())
    public_open = {tag for tag, o in offers if o.confidentiality is Confidentiality.PUBLIQUE
                   and o.status not in (OfferStatus.POURVUE, OfferStatus.ARCHIVEE,
                                        OfferStatus.PROPOSEE)}
    for tag, offer in offers:
        if tag not in public_open:
            assert tag not in everything, f"{tag} (not public, closed or proposed) was published"
            continue
        kind = offer.activity.kind if offer.activity else None
        assert f"{tag}-source_partner" not in everything  # never the supplier
        if kind is ActivityKind.REPRISE:
            for removed in ("title", "description", "sale_reason", "item"):
                assert f"{tag}-{removed}" not in everything, (tag, removed)
            for figure in (12_345, 310_000):  # net result never; turnover only as a band
                assert fr.number(figure) not in everything
                assert str(figure) not in everything
        else:
            assert f"{tag}-title" in everything
    # public, open offers of each kind are there: 3 kinds x 3 open statuses x 2 communes
    assert generated.offers == 3 * 3 * 2
    # the small commune's takeovers are placed in « secteur de Pleaux », never at Ally
    takeover_pages = [t for p, t in texts.items() if "/offres/" in p and "Reprise :" in t]
    assert sum("secteur de Pleaux" in t for t in takeover_pages) == 3
    assert not any("Ally" in t for t in takeover_pages)


def test_the_pages_are_valid_html_and_the_feeds_validate(published: tuple) -> None:
    _, _, generated = published
    pages = sorted(generated.folder.rglob("*.html"))
    assert len(pages) == generated.offers + 2
    for page in pages:
        html5lib.HTMLParser(strict=True).parse(page.read_bytes())
    document = json.loads((generated.folder / "flux" / "offres.json").read_text("utf-8"))
    jsonschema.validate(document, load_schema(),
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert {o["lieu"]["code_insee"] for o in document["offres"]} <= {AURILLAC, ALLY, "15153"}
    atom = etree.fromstring((generated.folder / "flux" / "offres.atom").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(atom.findall("a:entry", ns)) == generated.offers
    rss = etree.fromstring((generated.folder / "flux" / "offres.rss").read_bytes())
    links = [e.text for e in rss.findall("channel/item/link")]
    assert all(link.startswith("https://accueil.example.fr/catalogue/offres/offre-")
               for link in links)
    jobs = [p for p in pages if "Poste " in p.read_text("utf-8")]
    assert jobs
    for page in jobs:
        found = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>',
                          page.read_text("utf-8"), re.DOTALL)
        assert found is not None
        posting = json.loads(found.group(1))
        assert posting["@type"] == "JobPosting"
        assert posting["jobLocation"]["identifier"]["value"] == AURILLAC or \
            posting["jobLocation"]["identifier"]["value"] == ALLY
        assert posting["baseSalary"]["value"]["minValue"] == 1900.0


def test_the_publication_is_recorded_zipped_and_sets_the_dates(
        store: Store, published: tuple) -> None:
    _, _, generated = published
    with zipfile.ZipFile(generated.zip_path) as archive:
        assert sorted(archive.namelist()) == sorted(generated.files)
    (record,) = diffusion.publications(store)
    assert record.offer_count == generated.offers
    states = pub_store.publications_of(store)
    assert sum(s.state is PublicationState.PUBLIEE for s in states.values()) == generated.offers
    assert not any(p.name.startswith(".") for p in generated.folder.parent.iterdir())


def test_a_filled_offer_leaves_the_next_generation_and_is_dated_withdrawn(
        store: Store, published: tuple, tmp_path: Path) -> None:
    _, _, generated = published
    first = next(iter(pub_store.publication_offer_ids(store, generated.publication_id)))
    offer = offer_store.get_offer(store, first)
    assert offer is not None
    offer_store.save_offer(store, replace(offer, status=OfferStatus.POURVUE))
    preview = diffusion.prepare(store, now=NOW)
    assert preview.dropped == {first: "pourvue"}
    again = diffusion.generate(store, ADMIN, preview, tmp_path / "pub",
                               confirmed=preview.fingerprint, now=datetime(2026, 12, 8, 10))
    assert again.offers == generated.offers - 1
    assert f"offre-{first}.html\"" not in (again.folder / "index.html").read_text("utf-8")
    assert not (again.folder / "offres" / f"offre-{first}.html").exists()
    state = pub_store.publications_of(store)[first]
    assert state.words == "Retirée le 08/12/2026 (pourvue)"


def test_a_changed_offer_after_the_preview_is_not_published(store: Store,
                                                            tmp_path: Path) -> None:
    (only,) = offer_store.save_offers(store, [qualified_offer(status=OfferStatus.PUBLIEE)])
    preview = diffusion.prepare(store, now=NOW)
    offer = offer_store.get_offer(store, only)
    assert offer is not None
    offer_store.save_offer(store, replace(offer, confidentiality=Confidentiality.PARTENAIRES))
    with pytest.raises(diffusion.NotConfirmed, match="ont changé"):
        diffusion.generate(store, ADMIN, preview, tmp_path / "pub",
                           confirmed=preview.fingerprint)
    with pytest.raises(diffusion.NotConfirmed, match="ne correspond pas"):
        diffusion.generate(store, ADMIN, preview, tmp_path / "pub", confirmed="autre")
    assert diffusion.publications(store) == []
    assert not (tmp_path / "pub").exists() or list((tmp_path / "pub").iterdir()) == []


def test_an_elected_official_may_not_publish(store: Store, tmp_path: Path) -> None:
    offer_store.save_offers(store, [qualified_offer(status=OfferStatus.PUBLIEE)])
    preview = diffusion.prepare(store, now=NOW)
    elu = Principal(login="maire", role=Role.ELU)
    with pytest.raises(Refused):
        diffusion.generate(store, elu, preview, tmp_path, confirmed=preview.fingerprint)


def test_hostile_text_is_escaped_in_every_page(store: Store, tmp_path: Path) -> None:
    payloads = HTML + MARKDOWN[:5]
    offers = [qualified_offer(title=p[:200], description=p, status=OfferStatus.PUBLIEE,
                              activity=Activity(kind=ActivityKind.CREATION, need=p),
                              living_environment=p) for p in payloads]
    offer_store.save_offers(store, offers)
    preview = diffusion.prepare(store, now=NOW)
    generated = diffusion.generate(store, ADMIN, preview, tmp_path,
                                   confirmed=preview.fingerprint, sheets=False)
    for page in generated.folder.rglob("*.html"):
        tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
            page.read_bytes())
        scripts = [s.get("src") or s.get("type") for s in tree.iter("script")]
        assert all(s in ("filtres.js", "application/ld+json") for s in scripts), page
        for tag in ("img", "iframe", "style"):
            assert not list(tree.iter(tag)), (page, tag)
        assert not [e for e in tree.iter() if any(k.startswith("on") for k in e.attrib)]
        assert all(not a.get("href", "").startswith(("http", "javascript"))
                   for a in tree.iter("a")), page


def test_withdrawing_a_publication_removes_its_folder(store: Store, tmp_path: Path) -> None:
    offer_store.save_offers(store, [qualified_offer(status=OfferStatus.PUBLIEE)])
    preview = diffusion.prepare(store, now=NOW)
    generated = diffusion.generate(store, ADMIN, preview, tmp_path,
                                   confirmed=preview.fingerprint, sheets=False)
    record = diffusion.withdraw_publication(store, ADMIN, generated.publication_id, tmp_path)
    assert record.withdrawn_at is not None
    assert not generated.folder.exists()
    assert not generated.zip_path.exists()
    assert diffusion.prepare(store).offers == ()


def test_services_the_commune_lacks_are_found_in_the_nearest_commune(store: Store) -> None:
    from accueil.domain.amenities import haversine_km
    from accueil.domain.offers import Amenity
    from accueil.geo.centroids import load_centres
    from accueil.store import amenities as amenity_store

    amenity_store.save_profile(store, AURILLAC, {Amenity.PHARMACIE: 9}, "")
    amenity_store.save_profile(store, "15187", {Amenity.PHARMACIE: 3}, "")  # Saint-Flour
    offer_store.save_offers(store, [qualified_offer(
        commune_insee="15014", status=OfferStatus.PUBLIEE, amenities=frozenset()),
        qualified_offer(commune_insee="15120", status=OfferStatus.PUBLIEE,  # Mauriac
                        amenities=frozenset())])
    by_commune = {o.commune_insee: o for o in diffusion.prepare(store).offers}
    centres = load_centres()
    index = centres.index()

    def km(a: str, b: str) -> float:
        i, j = index[a], index[b]
        return float(haversine_km(centres.latitude[i], centres.longitude[i],
                                  centres.latitude[j], centres.longitude[j]))

    (pharmacy,) = [n for n in by_commune["15120"].nearby if n[0] == "Pharmacie"]
    assert pharmacy[1] == "Aurillac"  # nearer than Saint-Flour
    assert pharmacy[2] == pytest.approx(km("15120", AURILLAC), rel=0.005)
    # Aurillac's own pharmacies do not count for Aurillac: the nearest other one is Saint-Flour
    (own,) = [n for n in by_commune[AURILLAC].nearby if n[0] == "Pharmacie"]
    assert own[1] == "Saint-Flour"


def test_the_states_table_says_which_offers_will_not_be_published(store: Store) -> None:
    public, hidden, filled = offer_store.save_offers(store, [
        qualified_offer(status=OfferStatus.PUBLIEE),
        qualified_offer(status=OfferStatus.PUBLIEE,
                        confidentiality=Confidentiality.CONFIDENTIELLE),
        qualified_offer()])
    pub_store.request_publication(store, [filled], "cm", NOW)
    offer = offer_store.get_offer(store, filled)
    assert offer is not None
    offer_store.save_offer(store, replace(offer, status=OfferStatus.POURVUE))
    table = diffusion.publication_states(store).set_index("N°")["Publication"]
    assert table[public] == "À publier (statut « publiée »)"
    assert table[hidden] == "Ne sera pas publiée (confidentielle)"
    assert table[filled] == "Ne sera pas publiée (pourvue)"


def test_a_charge_de_mission_publishes_only_the_offers_of_their_territory(
        store: Store, tmp_path: Path) -> None:
    mine, other = offer_store.save_offers(store, [
        qualified_offer(status=OfferStatus.PUBLIEE, commune_insee=AURILLAC),
        qualified_offer(status=OfferStatus.PUBLIEE)])  # Saint-Flour
    officer = Principal(login="cm", role=Role.CHARGE_MISSION, communes=frozenset({AURILLAC}))
    preview = diffusion.prepare(store, publisher=officer, now=NOW)
    assert [o.offer_id for o in preview.offers] == [mine]
    made = diffusion.generate(store, officer, preview, tmp_path / "pub",
                              confirmed=preview.fingerprint, sheets=False, now=NOW)
    assert made.offers == 1
    # everyone's preview still holds both; publishing it is refused to this officer
    everything = diffusion.prepare(store, now=NOW)
    assert {o.offer_id for o in everything.offers} == {mine, other}
    with pytest.raises(Refused):
        diffusion.generate(store, officer, everything, tmp_path / "pub",
                           confirmed=everything.fingerprint, sheets=False)
