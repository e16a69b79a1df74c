"""The OpenID Connect provider as a relying party sees it: discovery, keys, the code flow and its checks."""

from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from oidc.claims import pairwise_sub
from oidc.models import AuthorisedSystem, Consent, ConsentEvent

from .conftest import LOGOUT_URI, REDIRECT_URI

pytestmark = pytest.mark.django_db


def error_of(response):
    assert response.status_code == 302
    return parse_qs(urlsplit(response["Location"]).query)


def test_discovery_names_the_endpoints_and_what_the_portal_supports(client):
    data = client.get("/.well-known/openid-configuration").json()

    assert data["issuer"] == "http://testserver"
    assert data["authorization_endpoint"] == "http://testserver/oidc/autorizar/"
    assert data["token_endpoint"] == "http://testserver/oidc/token/"
    assert data["userinfo_endpoint"] == "http://testserver/oidc/userinfo/"
    assert data["jwks_uri"] == "http://testserver/.well-known/jwks.json"
    assert data["revocation_endpoint"] == "http://testserver/oidc/revocar/"
    assert data["end_session_endpoint"] == "http://testserver/oidc/salir/"
    assert data["response_types_supported"] == ["code"]
    assert data["code_challenge_methods_supported"] == ["S256"]
    assert data["subject_types_supported"] == ["pairwise"]
    assert "RS256" in data["id_token_signing_alg_values_supported"]
    assert data["acr_values_supported"] == ["identidad-verificada", "correo-verificado"]
    assert set(data["scopes_supported"]) == {"openid", "email", "profile", "cui"}
    assert {"sub", "acr", "email", "email_verified", "given_name", "family_name", "cui", "birthdate"} <= set(
        data["claims_supported"]
    )


def test_full_code_flow_with_pkce_gives_a_signed_id_token_and_userinfo(make_rp, signed_in):
    rp = make_rp()
    first = rp.authorize()
    assert first.status_code == 200
    assert "Sistema de Antecedentes solicita acceso a sus datos" in first.content.decode()

    tokens = rp.token(rp.code_from(rp.consent(first))).json()

    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 300  # short-lived access tokens
    claims = rp.verify_id_token(tokens["id_token"])
    assert claims["sub"] == pairwise_sub(signed_in, rp.client_id)
    assert claims["sub"] not in (signed_in.cui, str(signed_in.pk))
    assert claims["email"] == signed_in.email and claims["email_verified"] is True
    assert claims["given_name"] == "Ana Lucía" and claims["family_name"] == "Xiloj Pérez"
    assert claims["acr"] == "correo-verificado"
    assert claims["exp"] - claims["iat"] == 300
    assert "cui" not in claims and "birthdate" not in claims
    response = rp.client.get("/oidc/userinfo/", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
    userinfo = response.json()
    assert userinfo["sub"] == claims["sub"] and userinfo["email"] == signed_in.email
    assert "cui" not in userinfo
    assert "no-store" in response["Cache-Control"]


def test_the_sub_differs_between_systems(make_rp, signed_in):
    one, two = make_rp(name="Uno"), make_rp(name="Dos")
    assert (
        one.verify_id_token(one.sign_in()["id_token"])["sub"] != two.verify_id_token(two.sign_in()["id_token"])["sub"]
    )


def test_cui_and_birthdate_only_to_a_system_allowed_the_scope_after_consent(make_rp, signed_in):
    allowed = make_rp(name="Registro de Antecedentes", scopes=("openid", "email", "profile", "cui"))
    page = allowed.authorize("openid profile cui")
    assert "Su CUI (número de DPI) y su fecha de nacimiento" in page.content.decode()

    claims = allowed.verify_id_token(allowed.token(allowed.code_from(allowed.consent(page))).json()["id_token"])

    assert claims["cui"] == signed_in.cui
    assert claims["birthdate"] == signed_in.birth_date.isoformat()
    assert "email" not in claims  # not asked for


def test_a_system_without_the_cui_scope_never_receives_it(make_rp, signed_in):
    rp = make_rp()
    refused = rp.authorize("openid email cui")
    assert error_of(refused)["error"] == ["invalid_scope"]

    claims = rp.verify_id_token(rp.sign_in("openid email profile")["id_token"])
    assert "cui" not in claims and "birthdate" not in claims
    assert not ConsentEvent.objects.filter(scopes__contains="cui").exists()


def test_consent_is_asked_once_per_system_and_data_and_recorded(make_rp, signed_in):
    rp = make_rp(scopes=("openid", "email", "profile", "cui"))
    rp.sign_in("openid email")
    again = rp.authorize("openid email")
    assert again.status_code == 302 and "code=" in again["Location"]  # remembered: no second question
    more = rp.authorize("openid email cui")
    assert more.status_code == 200  # new data: asked again
    rp.consent(more)

    consent = Consent.objects.get(user=signed_in)
    assert consent.scope_list == ["openid", "email", "cui"]
    assert list(ConsentEvent.objects.filter(user=signed_in).values_list("action", "scopes")) == [
        ("concedido", "openid email cui"),
        ("concedido", "openid email"),
    ]


def test_refused_consent_goes_back_with_access_denied_and_is_recorded(make_rp, signed_in):
    rp = make_rp()
    response = rp.consent(rp.authorize(), allow=False)

    error = error_of(response)
    assert error["error"] == ["access_denied"]
    assert error["state"] == [rp.state]
    assert not Consent.objects.exists()
    event = ConsentEvent.objects.get()
    assert (event.user, event.action, event.scopes) == (signed_in, "rechazado", "openid email profile")


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://evil.example.com/callback",
        REDIRECT_URI + "?next=https://evil.example.com",
        REDIRECT_URI + "/",
        "https://rp.example.gt:444/callback",
        "http://rp.example.gt/callback",
    ],
)
def test_a_redirect_uri_that_is_not_registered_exactly_is_refused_without_redirecting(make_rp, signed_in, redirect_uri):
    rp = make_rp()
    rp.redirect_uri = redirect_uri
    response = rp.authorize()

    assert response.status_code == 400
    assert "Location" not in response
    assert "No se pudo conectar con el sistema" in response.content.decode()


def test_a_code_works_once(make_rp, signed_in):
    rp = make_rp()
    code = rp.code_from(rp.consent(rp.authorize()))
    assert rp.token(code).status_code == 200

    again = rp.token(code)

    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_a_code_expires_after_a_minute(make_rp, signed_in):
    from oauth2_provider.models import Grant

    rp = make_rp()
    code = rp.code_from(rp.consent(rp.authorize()))
    grant = Grant.objects.get(code=code)
    assert (grant.expires - timezone.now()).total_seconds() <= 60
    Grant.objects.filter(pk=grant.pk).update(expires=timezone.now() - timezone.timedelta(seconds=1))

    assert rp.token(code).json()["error"] == "invalid_grant"


def test_pkce_is_required_for_public_clients_and_must_match(make_rp, signed_in):
    rp = make_rp()
    without = rp.authorize(code_challenge=None, code_challenge_method=None)
    assert error_of(without)["error"] == ["invalid_request"]
    plain = rp.authorize(code_challenge=rp.verifier, code_challenge_method="plain")
    assert error_of(plain)["error"] == ["invalid_request"]

    code = rp.code_from(rp.consent(rp.authorize()))
    assert rp.token(code, verifier="x" * 50).json()["error"] == "invalid_grant"


def test_a_confidential_client_authenticates_with_its_secret(make_rp, signed_in):
    rp = make_rp(public=False)
    code = rp.code_from(rp.consent(rp.authorize()))
    rp_secret = rp.secret
    rp.secret = "otro-secreto"
    assert rp.token(code).status_code == 401
    rp.secret = rp_secret
    assert rp.token(code).status_code == 200


@pytest.mark.parametrize("missing", ["state", "nonce"])
def test_state_and_nonce_are_required(make_rp, signed_in, missing):
    rp = make_rp()
    response = rp.authorize(**{missing: None})

    error = error_of(response)
    assert error["error"] == ["invalid_request"]
    assert missing in error["error_description"][0]
    assert urlsplit(response["Location"]).netloc == "rp.example.gt"


def test_refresh_tokens_rotate_and_an_old_one_is_refused(make_rp, signed_in):
    rp = make_rp()
    tokens = rp.sign_in("openid email")
    renewed = rp.refresh(tokens["refresh_token"]).json()
    assert renewed["refresh_token"] != tokens["refresh_token"]
    assert rp.verify_id_token(renewed["id_token"], refreshed=True)["sub"] == pairwise_sub(signed_in, rp.client_id)

    reused = rp.refresh(tokens["refresh_token"])

    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    # reuse of a rotated token revokes the whole family, the renewed one too
    assert rp.refresh(renewed["refresh_token"]).status_code == 400


def test_acr_becomes_identidad_verificada_once_the_identity_is_approved(make_rp, signed_in):
    rp = make_rp()
    tokens = rp.sign_in()
    assert rp.verify_id_token(tokens["id_token"])["acr"] == "correo-verificado"

    signed_in.identity_verified_at = timezone.now()
    signed_in.save()

    renewed = rp.refresh(tokens["refresh_token"]).json()
    assert rp.verify_id_token(renewed["id_token"], refreshed=True)["acr"] == "identidad-verificada"


def test_acr_values_send_a_person_without_a_verified_identity_to_verify_it_and_back(make_rp, signed_in):
    rp = make_rp()
    response = rp.authorize(acr_values="identidad-verificada")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/cuenta/verificar-identidad/"
    back = parse_qs(location.query)["next"][0]
    assert back.startswith("/oidc/autorizar/?")
    page = rp.client.get(response["Location"]).content.decode()
    assert "Sistema de Antecedentes requiere que su identidad esté verificada" in page

    signed_in.identity_verified_at = timezone.now()
    signed_in.save()
    page = rp.client.get("/cuenta/verificar-identidad/").content.decode()
    assert f'href="{back.replace("&", "&amp;")}"' in page  # "Continuar" back to the system
    consent = rp.client.get(back)
    assert consent.status_code == 200
    claims = rp.verify_id_token(rp.token(rp.code_from(rp.consent(consent))).json()["id_token"])
    assert claims["acr"] == "identidad-verificada"


def test_revoking_the_consent_under_the_account_revokes_the_systems_tokens(make_rp, signed_in):
    rp = make_rp()
    tokens = rp.sign_in()
    page = rp.client.get("/cuenta/sistemas-conectados/")
    assert "Sistema de Antecedentes" in page.content.decode()
    assert page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    consent = Consent.objects.get()

    response = rp.client.post(f"/cuenta/sistemas-conectados/{consent.pk}/revocar/", follow=True)

    assert "Sistema de Antecedentes ya no tiene acceso a su cuenta" in response.content.decode()
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert rp.client.get("/oidc/userinfo/", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}").status_code == 401
    assert rp.refresh(tokens["refresh_token"]).status_code == 400
    assert ConsentEvent.objects.filter(action="revocado", user=signed_in).count() == 1
    assert rp.authorize().status_code == 200  # asked again next time


def test_token_revocation_endpoint(make_rp, signed_in):
    rp = make_rp()
    tokens = rp.sign_in()
    response = rp.client.post("/oidc/revocar/", {"token": tokens["access_token"], "client_id": rp.client_id})
    assert response.status_code == 200
    assert rp.client.get("/oidc/userinfo/", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}").status_code == 401


def test_rp_initiated_logout_asks_then_signs_out_and_returns_to_the_registered_uri(make_rp, signed_in):
    rp = make_rp(public=False)
    tokens = rp.sign_in()
    query = {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": LOGOUT_URI, "state": "s1"}
    page = rp.client.get("/oidc/salir/", query)
    assert page.status_code == 200
    assert "¿Desea cerrar su sesión en el portal?" in page.content.decode()

    response = rp.client.post("/oidc/salir/", {**query, "allow": "on"})

    assert response.status_code == 302
    assert response["Location"] == f"{LOGOUT_URI}?state=s1"
    assert "_auth_user_id" not in rp.client.session
    assert rp.client.get("/oidc/userinfo/", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}").status_code == 401


@pytest.mark.parametrize(
    "target", ["https://evil.example.com/", LOGOUT_URI + "?x=https://evil.example.com", LOGOUT_URI + "/"]
)
def test_logout_never_redirects_to_an_unregistered_uri(make_rp, signed_in, target):
    rp = make_rp(public=False)
    tokens = rp.sign_in()
    query = {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": target}

    for response in (rp.client.get("/oidc/salir/", query), rp.client.post("/oidc/salir/", {**query, "allow": "on"})):
        assert response.status_code == 400
        assert "Location" not in response
    assert "_auth_user_id" in rp.client.session


@override_settings(OIDC_TOKEN_RATE="3/m")
def test_the_token_endpoint_is_throttled(make_rp, signed_in):
    """Three a minute per address. The minute's window may end during the loop (django-ratelimit staggers windows
    by key), which lets at most three more through: the 429 comes after 3 to 6 refusals of the bad code."""
    rp = make_rp()
    statuses = []
    while not statuses or (statuses[-1] == 400 and len(statuses) <= 7):
        statuses.append(rp.token("no-existe").status_code)
    assert statuses[-1] == 429
    assert set(statuses[:-1]) == {400} and 3 <= len(statuses) - 1 <= 6


def test_a_disabled_system_cannot_sign_anyone_in(make_rp, signed_in):
    rp = make_rp()
    AuthorisedSystem.objects.update(enabled=False)
    response = rp.authorize()
    assert response.status_code == 400
    assert "Location" not in response


def test_the_consent_page_is_a_portal_page_under_the_strict_policy(make_rp, signed_in):
    response = make_rp().authorize()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    assert "<script>" not in response.content.decode()


def test_an_account_whose_email_is_not_confirmed_is_asked_to_confirm_it(make_rp, signed_in):
    signed_in.email_confirmed_at = None
    signed_in.save()
    response = make_rp().authorize()
    assert response.status_code == 403
    assert "Confirme su correo electrónico" in response.content.decode()


def test_register_oidc_client_prints_the_credentials(db):
    out = StringIO()
    call_command(
        "register_oidc_client",
        "--name",
        "Sistema de Expedientes",
        "--redirect-uri",
        "https://expedientes.oj.gob.gt/oidc/callback",
        "--scope",
        "email",
        "--scope",
        "cui",
        stdout=out,
    )
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    system = AuthorisedSystem.objects.get(client_id=lines["client_id"])
    assert system.client_type == "confidential" and system.algorithm == "RS256"
    assert system.scope_list == ["openid", "email", "cui"]
    assert system.client_secret != lines["client_secret"]  # stored hashed
    assert system.history.count() == 1

    out = StringIO()
    call_command(
        "register_oidc_client", "--name", "SPA", "--redirect-uri", "https://spa.gob.gt/cb", "--public", stdout=out
    )
    assert "client_secret" not in out.getvalue()
    assert AuthorisedSystem.objects.get(name="SPA").client_type == "public"


def test_key_rotation_publishes_both_keys_until_the_old_one_is_retired(tmp_path, client, make_rp, signed_in):
    from config.settings.base import oidc_keys

    call_command("make_oidc_key", "--dir", str(tmp_path), stdout=StringIO())
    old_key, previous = oidc_keys(tmp_path)
    assert old_key and previous == []
    with override_settings(OAUTH2_PROVIDER={**_provider(), "OIDC_RSA_PRIVATE_KEY": old_key}):
        rp = make_rp()
        old_token = rp.sign_in()["id_token"]

    call_command("make_oidc_key", "--rotate", "--dir", str(tmp_path), stdout=StringIO())
    new_key, previous = oidc_keys(tmp_path)
    assert previous == [old_key] and new_key != old_key
    with override_settings(
        OAUTH2_PROVIDER={**_provider(), "OIDC_RSA_PRIVATE_KEY": new_key, "OIDC_RSA_PRIVATE_KEYS_INACTIVE": previous}
    ):
        assert len(client.get("/.well-known/jwks.json").json()["keys"]) == 2
        rp.verify_id_token(old_token)  # still verifies during the overlap
        rp.nonce = "otro-nonce"
        new_token = rp.sign_in(prompt="consent")["id_token"]
        rp.verify_id_token(new_token)


def _provider():
    from django.conf import settings

    return settings.OAUTH2_PROVIDER


def test_a_person_asked_to_accept_new_terms_comes_back_to_the_system_with_every_parameter(make_rp, signed_in):
    from cms.setup import ensure_portal_content

    ensure_portal_content()  # publishes the terms of use, which this person has not accepted
    rp = make_rp()
    response = rp.authorize()
    assert urlsplit(response["Location"]).path == "/cuenta/terminos/"
    back = parse_qs(urlsplit(response["Location"]).query)["next"][0]

    accepted = rp.client.post(f"/cuenta/terminos/?{urlsplit(response['Location']).query}", {"accept_terms": "on"})

    assert accepted["Location"] == back
    assert parse_qs(urlsplit(back).query)["state"] == [rp.state]
    assert rp.client.get(back).status_code == 200  # the consent page
