"""A relying party driven through Django's test client: the protocol, step by step.

The browser test (tests/e2e/test_oidc_relying_party.py) does the same with Authlib and Chromium.
"""

import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import KeySet

from oidc.services import register_system

REDIRECT_URI = "https://rp.example.gt/callback"
LOGOUT_URI = "https://rp.example.gt/adios"


@dataclass
class RelyingParty:
    """One system's view of the protocol, with the values it must check."""

    client: object
    client_id: str
    secret: str | None
    redirect_uri: str = REDIRECT_URI
    state: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    def authorize_params(self, scope="openid email profile", **extra):
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": scope,
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": create_s256_code_challenge(self.verifier),
            "code_challenge_method": "S256",
            **extra,
        }
        return {key: value for key, value in params.items() if value is not None}

    def authorize(self, scope="openid email profile", **extra):
        return self.client.get(f"/oidc/autorizar/?{urlencode(self.authorize_params(scope, **extra))}")

    def consent(self, response, allow=True):
        """Post the consent form that ``response`` shows."""
        form = response.context["form"]
        data = {name: value for name, value in form.initial.items() if value is not None}
        if allow:
            data["allow"] = "on"
        return self.client.post("/oidc/autorizar/", data)

    def code_from(self, response):
        assert response.status_code == 302, response.content[:500]
        location = urlsplit(response["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == self.redirect_uri
        query = parse_qs(location.query)
        assert query["state"] == [self.state]
        return query["code"][0]

    def token(self, code, verifier=None, **extra):
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "client_id": self.client_id,
            "code_verifier": verifier or self.verifier,
            **extra,
        }
        if self.secret:
            data["client_secret"] = self.secret
        return self.client.post("/oidc/token/", data)

    def refresh(self, refresh_token):
        data = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": self.client_id}
        if self.secret:
            data["client_secret"] = self.secret
        return self.client.post("/oidc/token/", data)

    def sign_in(self, scope="openid email profile", **extra):
        """The whole code flow for the signed-in person, accepting consent if asked: the token response (JSON)."""
        response = self.authorize(scope, **extra)
        if response.status_code == 200:
            response = self.consent(response)
        tokens = self.token(self.code_from(response))
        assert tokens.status_code == 200, tokens.content
        return tokens.json()

    def verify_id_token(self, id_token, refreshed=False):
        """Check the signature against the published JWKS and the claims an RP must check; return the claims.

        An ID token from a refresh carries no nonce (OpenID Connect Core §12.2 allows leaving it out).
        """
        jwks = self.client.get("/.well-known/jwks.json").json()
        token = jwt.decode(id_token, KeySet.import_key_set(jwks), algorithms=["RS256"])
        issuer = self.client.get("/.well-known/openid-configuration").json()["issuer"]
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": self.client_id},
            nonce={"essential": not refreshed, "value": self.nonce},
            exp={"essential": True},
        ).validate(token.claims)
        assert token.header["alg"] == "RS256"
        return token.claims


@pytest.fixture
def person(db, home_page):
    from tests.factories import UserFactory

    return UserFactory(first_name="Ana", second_name="Lucía", last_name="Xiloj", second_surname="Pérez")


@pytest.fixture
def make_rp(client):
    def make(name="Sistema de Antecedentes", scopes=("openid", "email", "profile"), public=True, **kwargs):
        system, secret = register_system(
            name=name,
            redirect_uris=[kwargs.pop("redirect_uri", REDIRECT_URI)],
            post_logout_redirect_uris=[LOGOUT_URI],
            scopes=list(scopes),
            public=public,
            **kwargs,
        )
        return RelyingParty(client=client, client_id=system.client_id, secret=secret)

    return make


@pytest.fixture
def signed_in(client, person):
    client.force_login(person, backend="accounts.backends.EmailOrCuiBackend")
    return person
