"""A stub OpenID Connect provider for the end-to-end test of « Se connecter avec le fournisseur
d'identité » (issue 13): discovery document, authorisation endpoint (it signs in whoever it is
told to, without a screen), token endpoint (an RS256-signed ID token with the nonce it was
given), JWKS and userinfo. Offline, on 127.0.0.1; standard library plus joserfc (which
Authlib, the library Streamlit's ``st.login`` uses, depends on).

It checks what a real provider checks of the client: its id and secret, its redirect URI, the
one-time code. What the test controls: the e-mail the next sign-in vouches for (:attr:`email`).
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "accueil-e2e"
CLIENT_SECRET = secrets.token_hex(16)


class Provider:
    """The provider's state: its key, the codes it issued, the identity it vouches for."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "stub", "use": "sig"})
        self.codes: dict[str, dict[str, Any]] = {}
        self.email = "marie.dupont@cc-saint-flour.fr"
        self.issuer = ""
        self.redirect_uri = ""
        self.requests: list[str] = []

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                                      "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
            "claims_supported": ["sub", "email", "email_verified", "name"],
        }

    def id_token(self, nonce: str | None, email: str) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "sub": f"stub-{email}", "email": email,
                  "email_verified": True, "name": "Marie Dupont", "iat": now, "exp": now + 600}
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode({"alg": "RS256", "kid": "stub"}, claims, self.key)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _json(self, body: dict[str, Any], status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            provider.requests.append(url.path)
            if url.path == "/.well-known/openid-configuration":
                self._json(provider.discovery())
            elif url.path == "/jwks":
                self._json({"keys": [provider.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or \
                        query.get("redirect_uri") != provider.redirect_uri:
                    self._json({"error": "invalid_request"}, 400)
                    return
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {"nonce": query.get("nonce"), "email": provider.email}
                back = {"code": code, "state": query.get("state", "")}
                self.send_response(302)
                self.send_header("Location", f"{provider.redirect_uri}?{urlencode(back)}")
                self.end_headers()
            elif url.path == "/userinfo":
                self._json({"sub": f"stub-{provider.email}", "email": provider.email,
                            "name": "Marie Dupont"})
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            provider.requests.append(urlsplit(self.path).path)
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            basic = self.headers.get("Authorization", "")
            if basic.startswith("Basic "):
                pair = base64.b64decode(basic[6:]).decode()
                form.setdefault("client_id", pair.split(":", 1)[0])
                form.setdefault("client_secret", pair.split(":", 1)[1])
            if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                self._json({"error": "invalid_client"}, 401)
                return
            issued = provider.codes.pop(form.get("code", ""), None)  # one use only
            if issued is None or form.get("redirect_uri") != provider.redirect_uri:
                self._json({"error": "invalid_grant"}, 400)
                return
            self._json({"access_token": secrets.token_urlsafe(24), "token_type": "Bearer",
                        "expires_in": 600, "scope": "openid email profile",
                        "id_token": provider.id_token(issued["nonce"], issued["email"])})

    return Handler


@contextmanager
def running_provider(redirect_uri: str) -> Iterator[Provider]:
    """The stub on a free port of 127.0.0.1, sending users back to ``redirect_uri``."""
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    provider.redirect_uri = redirect_uri
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()


def secrets_toml(provider: Provider, app_url: str) -> str:
    """The ``[auth]`` section an administrator would write for this provider."""
    return "\n".join([
        "[auth]",
        f'redirect_uri = "{app_url}/oauth2callback"',
        f'cookie_secret = "{secrets.token_hex(32)}"',
        f'client_id = "{CLIENT_ID}"',
        f'client_secret = "{CLIENT_SECRET}"',
        f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"',
        'client_kwargs = { scope = "openid email profile", prompt = "login" }',
        ""])
