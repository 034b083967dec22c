"""Feeds and page pieces of the public catalogue (issue 16), from literal public offers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import html5lib
import jsonschema

from accueil.domain.diffusion import DiffusionSettings, Place, public_offer
from accueil.domain.offers import Activity, ActivityKind
from accueil.io.catalogue import esc, offer_page
from accueil.io.feeds import job_posting, json_feed, load_schema, page_url, script_json
from tests.builders import qualified_offer

NOW = datetime(2026, 12, 7, 10, 0)
AURILLAC = Place(commune_insee="15014", commune_name="Aurillac", population=25_000,
                 postal_code="15000", departement="15")
SETTINGS = replace(DiffusionSettings(), base_url="https://accueil.example.fr/")


def job(**changes: object) -> Activity:
    values: dict[str, object] = {"kind": ActivityKind.EMPLOI, "job_title": "Infirmier",
                                 "contract": "CDD", "working_time": "Temps partiel",
                                 "salary_min": 13.5, "salary_period": "heure"}
    values.update(changes)
    return Activity(**values)  # type: ignore[arg-type]


def test_a_job_posting_says_contract_time_salary_and_the_insee_code() -> None:
    offer = public_offer(qualified_offer(id=3, title="Infirmier(e)", activity=job()),
                         AURILLAC, SETTINGS, published_at=NOW)
    posting = job_posting(offer, SETTINGS)
    assert posting is not None
    assert posting["employmentType"] == ["TEMPORARY", "PART_TIME"]
    assert posting["baseSalary"]["value"] == {"@type": "QuantitativeValue",
                                              "unitText": "HOUR", "minValue": 13.5}
    assert posting["jobLocation"]["identifier"]["value"] == "15014"
    assert posting["url"] == "https://accueil.example.fr/offres/offre-3.html"
    assert posting["datePosted"] == "2026-12-07"
    assert "hiringOrganization" not in posting  # no employer is invented


def test_takeovers_have_no_job_posting() -> None:
    offer = public_offer(qualified_offer(id=4), AURILLAC, SETTINGS, published_at=NOW)
    assert job_posting(offer, SETTINGS) is None


def test_json_in_a_script_cannot_close_it() -> None:
    text = script_json({"title": "</script><script>alert(1)</script><!--"})
    assert "</script" not in text
    assert "<!--" not in text
    assert json.loads(text)["title"] == "</script><script>alert(1)</script><!--"


def test_a_hostile_job_title_stays_text_in_the_page_and_its_json_ld() -> None:
    hostile = "</script><img src=x onerror=alert(1)>"
    offer = public_offer(qualified_offer(id=5, title=hostile, activity=job(job_title=hostile)),
                         AURILLAC, SETTINGS, published_at=NOW)
    page = offer_page(offer, SETTINGS)
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    assert not list(tree.iter("img"))
    (script,) = [s for s in tree.iter("script")]
    assert json.loads(script.text)["title"] == hostile


def test_the_feed_of_every_kind_follows_its_schema() -> None:
    offers = [public_offer(qualified_offer(id=i, activity=a), AURILLAC, SETTINGS,
                           published_at=NOW)
              for i, a in enumerate([job(), Activity(kind=ActivityKind.CREATION, need="Pain"),
                                     qualified_offer().activity], start=1)]
    document = json_feed(offers, SETTINGS, NOW)
    jsonschema.validate(document, load_schema(),
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    broken = json.loads(json.dumps(document))
    broken["offres"][0]["lieu"]["code_insee"] = "Aurillac"
    validator = jsonschema.Draft202012Validator(load_schema())
    assert list(validator.iter_errors(broken))


def test_escaping_removes_controls_and_quotes_attributes() -> None:
    assert esc('a"b\u202ec<d>') == "a&quot;bc&lt;d&gt;"
    assert page_url(DiffusionSettings(), "offre-1") == "offres/offre-1.html"
