"""A small relying party, as another State system would write one: Authlib for the code flow with PKCE,
joserfc to check the ID token against the portal's JWKS. It runs in a thread on 127.0.0.1 and its
pages show what it received, so the browser test reads them like a person would.
"""

import html
import json
import secrets
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        """The relying party's access log would only clutter the test output."""


@dataclass
class RelyingParty:
    issuer: str
    client_id: str
    client_secret: str | None
    scope: str = "openid email profile"
    acr_values: str | None = None
    base_url: str = ""
    # what the last sign-in produced, for the test to inspect
    claims: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    error: str = ""
    last_code: str = ""
    _pending: dict = field(default_factory=dict)

    @property
    def redirect_uri(self):
        return f"{self.base_url}/callback"

    @property
    def logout_uri(self):
        return f"{self.base_url}/adios"

    def metadata(self):
        return requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=10).json()

    def session(self, **kwargs):
        return OAuth2Session(
            self.client_id,
            self.client_secret,
            scope=self.scope,
            redirect_uri=self.redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_post" if self.client_secret else "none",
            **kwargs,
        )

    # Pages

    def login(self, environ):
        verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(16)
        extra = {"acr_values": self.acr_values} if self.acr_values else {}
        url, state = self.session().create_authorization_url(
            self.metadata()["authorization_endpoint"], code_verifier=verifier, nonce=nonce, **extra
        )
        self._pending = {"state": state, "verifier": verifier, "nonce": nonce}
        return "302 Found", [("Location", url)], b""

    def callback(self, environ):
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if "error" in query:
            self.error = query["error"][0]
            return self.page(f"El portal respondió: {self.error}")
        if query.get("state") != [self._pending.get("state")]:
            self.error = "state"
            return self.page("El state no coincide")
        self.last_code = query["code"][0]
        metadata = self.metadata()
        self.tokens = self.session(state=self._pending["state"]).fetch_token(
            metadata["token_endpoint"],
            code=self.last_code,
            code_verifier=self._pending["verifier"],
        )
        self.claims = self.verify(self.tokens["id_token"], nonce=self._pending["nonce"])
        return self.page(f"Bienvenido(a), {self.claims.get('given_name', '')}", json.dumps(self.claims))

    def verify(self, id_token, nonce=None):
        metadata = self.metadata()
        jwks = KeySet.import_key_set(requests.get(metadata["jwks_uri"], timeout=10).json())
        token = jwt.decode(id_token, jwks, algorithms=["RS256"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": metadata["issuer"]},
            aud={"essential": True, "value": self.client_id},
            nonce={"essential": nonce is not None, "value": nonce},
            exp={"essential": True},
        ).validate(token.claims)
        return token.claims

    def logout(self, environ):
        self._pending = {"logout_state": secrets.token_urlsafe(8)}
        query = urlencode(
            {
                "id_token_hint": self.tokens["id_token"],
                "post_logout_redirect_uri": self.logout_uri,
                "state": self._pending["logout_state"],
            }
        )
        return "302 Found", [("Location", f"{self.metadata()['end_session_endpoint']}?{query}")], b""

    def goodbye(self, environ):
        state = parse_qs(environ.get("QUERY_STRING", "")).get("state", [""])[0]
        ok = state == self._pending.get("logout_state")
        return self.page("Sesión cerrada" if ok else "state de salida incorrecto")

    def page(self, heading, body=""):
        content = (
            "<!DOCTYPE html><html lang='es'><title>RP</title>"
            f"<h1>{html.escape(heading)}</h1><pre>{html.escape(body)}</pre>"
        )
        return "200 OK", [("Content-Type", "text/html; charset=utf-8")], content.encode()

    # Token work the system does on its own (no browser)

    def exchange_again(self):
        """Replay the last code, as an attacker who saw it would: the portal must refuse."""
        data = {
            "grant_type": "authorization_code",
            "code": self.last_code,
            "redirect_uri": self.redirect_uri,
            "client_id": self.client_id,
            "client_secret": self.client_secret or "",
            "code_verifier": "x" * 43,
        }
        return requests.post(self.metadata()["token_endpoint"], data=data, timeout=10)

    def refresh(self):
        self.tokens = self.session().refresh_token(
            self.metadata()["token_endpoint"], refresh_token=self.tokens["refresh_token"]
        )
        self.claims = self.verify(self.tokens["id_token"])
        return self.claims

    def userinfo(self):
        return requests.get(
            self.metadata()["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {self.tokens['access_token']}"},
            timeout=10,
        )

    def revoke(self):
        return self.session().revoke_token(
            self.metadata()["revocation_endpoint"], token=self.tokens["access_token"], token_type_hint="access_token"
        )

    # WSGI

    def __call__(self, environ, start_response):
        routes = {
            "/entrar": self.login,
            "/callback": self.callback,
            "/salir": self.logout,
            "/adios": self.goodbye,
        }
        handler = routes.get(environ["PATH_INFO"])
        status, headers, body = handler(environ) if handler else ("404 Not Found", [], b"")
        start_response(status, headers)
        return [body]


class RunningRelyingParty:
    """``with RunningRelyingParty(rp) as rp:`` serves it on 127.0.0.1 (its base_url is set)."""

    def __init__(self, rp):
        self.rp = rp
        self.server = make_server("127.0.0.1", 0, rp, handler_class=QuietHandler)
        rp.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.rp

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
