"""Sign-in with an OpenID Connect provider (issue 13), in a real browser, against the stub
provider of :mod:`tests.e2e.oidc_stub`: Streamlit's ``st.login`` with Authlib, configured by a
``secrets.toml`` as an administrator would write it. The provider vouches for an e-mail; the
account whose « Adresse OpenID Connect » it is opens, and an e-mail no account carries is
refused in French."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from accueil.domain.access import Role
from accueil.services.accounts import hash_password, temporary_password
from accueil.store import accounts as repo
from accueil.store.db import Store
from tests.e2e.conftest import free_port, running_app
from tests.e2e.oidc_stub import running_provider, secrets_toml

TIMEOUT = 60_000
PROVIDER_BUTTON = "Se connecter avec le fournisseur d'identité de votre organisation"


def test_the_identity_providers_account_opens_and_an_unknown_one_is_refused(
        page: Page, tmp_path: Path) -> None:
    target = tmp_path / "oidc.duckdb"
    store = Store.open(target)
    repo.create_account(store, login="marie.dupont", role=Role.CHARGE_MISSION,
                        password_hash=hash_password(temporary_password()),
                        display_name="Marie Dupont", scope=["15187"],
                        oidc_subject="marie.dupont@cc-saint-flour.fr")
    store.close()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_provider(f"{url}/oauth2callback") as provider:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(secrets_toml(provider, url), encoding="utf-8")
        with running_app(tmp_path, str(target), port=port,
                         options=["--secrets.files", str(secrets)]):
            raw = page.context.new_page()  # this test signs in itself
            raw.goto(url)
            raw.get_by_role("button", name=PROVIDER_BUTTON).click(timeout=TIMEOUT)
            expect(raw.get_by_text(re.compile("Marie Dupont"))).to_be_visible(timeout=TIMEOUT)
            expect(raw.get_by_text(re.compile("Chargé"))).to_be_visible()
            expect(raw.get_by_role("button", name="Se connecter", exact=True)).to_have_count(0)
            assert {"/authorize", "/token", "/jwks"} <= set(provider.requests)

            raw.get_by_role("button", name="Se déconnecter").click()
            expect(raw.get_by_role("button", name=PROVIDER_BUTTON)).to_be_visible(
                timeout=TIMEOUT)
            provider.email = "inconnu@example.fr"
            raw.get_by_role("button", name=PROVIDER_BUTTON).click()
            expect(raw.get_by_text(
                "Aucun compte Accueil n'est rattaché à l'adresse inconnu@example.fr"
            )).to_be_visible(timeout=TIMEOUT)
            expect(raw.get_by_text(re.compile("Marie Dupont"))).to_have_count(0)
            # the way out: sign out of the provider, to come back with another account
            raw.get_by_role("button", name=re.compile("Se déconnecter du fournisseur")).click()
            expect(raw.get_by_role("button", name=PROVIDER_BUTTON)).to_be_visible(
                timeout=TIMEOUT)
