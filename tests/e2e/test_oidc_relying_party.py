"""Another State system signs a person in with the portal (OpenID Connect), in Chromium.

The relying party (tests/e2e/relying_party.py) is a real one: Authlib does the code flow with
PKCE against the live server, the ID token is checked against the published JWKS. The person
signs in, accepts, comes back; their identity is approved and the level (acr) changes; the
system revokes its token and signs the person out. Refusing and a client without the cui scope
are checked too.
"""

import re

import pytest
from django.core.files.base import ContentFile

from accounts import services as account_services
from accounts.identity import approve_identity
from accounts.models import IdentityVerification
from catalogs.loader import load_catalogs
from cms.models import TermsOfUsePage
from cms.setup import ensure_portal_content
from oidc.claims import pairwise_sub
from oidc.models import ConsentEvent
from oidc.services import register_system
from tests.factories import PASSWORD, StaffFactory, complete_applicant, jpeg_bytes, mp4_bytes

from .relying_party import RelyingParty, RunningRelyingParty


@pytest.fixture
def portal(live_server, transactional_db):
    load_catalogs()
    ensure_portal_content()
    return live_server


@pytest.fixture
def person(portal):
    user = complete_applicant(identity_verified_at=None, first_name="Rosa", second_name="", other_names="")
    account_services.accept_terms(user=user, revision=TermsOfUsePage.current().live_revision)
    return user


def system_for(rp, name, *, scopes=("openid", "email", "profile"), public=False):
    system, secret = register_system(
        name=name,
        redirect_uris=[rp.redirect_uri],
        post_logout_redirect_uris=[rp.logout_uri],
        scopes=list(scopes),
        public=public,
    )
    rp.client_id, rp.client_secret = system.client_id, secret
    return system


def sign_in_at_the_portal(page, user):
    page.wait_for_url(re.compile(r"/cuenta/ingresar/"))
    page.get_by_label("Correo electrónico o CUI").fill(user.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_label("No soy un robot").fill("PASSED")
    page.get_by_role("button", name="Ingresar").click()


def approve(user):
    verification = IdentityVerification.objects.create(
        user=user,
        dpi_front=ContentFile(jpeg_bytes(), name="anverso.jpg"),
        dpi_front_type="image/jpeg",
        dpi_back=ContentFile(jpeg_bytes(), name="reverso.jpg"),
        dpi_back_type="image/jpeg",
        video=ContentFile(mp4_bytes(12), name="video.mp4"),
        video_type="video/mp4",
        video_seconds=12,
    )
    approve_identity(verification=verification, reviewer=StaffFactory(), read_cui=user.cui)


def test_a_system_signs_a_person_in_with_pkce_and_follows_the_identity_level(page, portal, person, screenshot):
    rp = RelyingParty(issuer=portal.url, client_id="", client_secret=None)
    with RunningRelyingParty(rp):
        system_for(rp, "Sistema de Gestión de Tribunales")

        page.goto(f"{rp.base_url}/entrar")
        sign_in_at_the_portal(page, person)
        page.wait_for_url(re.compile(r"/oidc/autorizar/"))
        assert page.locator("h1").inner_text() == "Sistema de Gestión de Tribunales solicita acceso a sus datos"
        data = page.locator(".consent__data li").all_inner_texts()
        assert data == [
            "Saber que usted ingresó con su cuenta del portal y con qué nivel se verificó su identidad",
            "Su correo electrónico y si está confirmado",
            "Sus nombres y apellidos",
        ]
        screenshot("consentimiento")
        page.get_by_role("button", name="Acepto", exact=True).click()

        page.wait_for_url(re.compile(re.escape(rp.base_url) + "/callback"))
        assert page.locator("h1").inner_text() == "Bienvenido(a), Rosa"
        screenshot("de-vuelta-en-el-sistema")
        claims = rp.claims
        assert claims["sub"] == pairwise_sub(person, rp.client_id)
        assert claims["email"] == person.email and claims["email_verified"] is True
        assert claims["family_name"] == person.surnames
        assert claims["acr"] == "correo-verificado"
        assert "cui" not in claims and "birthdate" not in claims
        assert ConsentEvent.objects.get().action == "concedido"

        # A reused code is refused.
        replay = rp.exchange_again()
        assert replay.status_code in (400, 401) and replay.json()["error"] in {"invalid_grant", "invalid_client"}

        # The identity is approved: the next ID token says so (refresh, then a new sign-in without a question).
        approve(person)
        assert rp.refresh()["acr"] == "identidad-verificada"
        rp.acr_values = "identidad-verificada"
        page.goto(f"{rp.base_url}/entrar")
        page.wait_for_url(re.compile(re.escape(rp.base_url) + "/callback"))
        assert rp.claims["acr"] == "identidad-verificada"

        # The system revokes its access token; then it asks the portal to sign the person out.
        assert rp.userinfo().status_code == 200
        assert rp.revoke().status_code == 200
        assert rp.userinfo().status_code == 401
        page.goto(f"{rp.base_url}/salir")
        page.wait_for_url(re.compile(r"/oidc/salir/"))
        assert page.locator("h1").inner_text() == "¿Desea cerrar su sesión en el portal?"
        screenshot("cerrar-sesion")
        page.get_by_role("button", name="Cerrar sesión").click()
        page.wait_for_url(re.compile(re.escape(rp.base_url) + "/adios"))
        assert page.locator("h1").inner_text() == "Sesión cerrada"
        page.goto(f"{portal.url}/tablero/")
        page.wait_for_url(re.compile(r"/cuenta/ingresar/"))


def test_a_person_who_refuses_is_sent_back_with_access_denied(page, portal, person, screenshot):
    rp = RelyingParty(issuer=portal.url, client_id="", client_secret=None)
    with RunningRelyingParty(rp):
        system_for(rp, "Sistema Público", public=True)
        page.goto(f"{rp.base_url}/entrar")
        sign_in_at_the_portal(page, person)
        page.get_by_role("button", name="No acepto").click()
        page.wait_for_url(re.compile(re.escape(rp.base_url) + "/callback"))
        assert page.locator("h1").inner_text() == "El portal respondió: access_denied"
        screenshot("rechazado")
    assert rp.error == "access_denied" and not rp.tokens
    assert ConsentEvent.objects.get().action == "rechazado"


def test_the_cui_goes_only_to_a_system_allowed_it_and_consent_is_listed_and_revocable(page, portal, person, screenshot):
    with_cui = RelyingParty(issuer=portal.url, client_id="", client_secret=None, scope="openid profile cui")
    with RunningRelyingParty(with_cui):
        system_for(with_cui, "Registro de Antecedentes Penales", scopes=("openid", "profile", "cui"))
        page.goto(f"{with_cui.base_url}/entrar")
        sign_in_at_the_portal(page, person)
        assert "Su CUI (número de DPI) y su fecha de nacimiento" in page.locator(".consent__data").inner_text()
        page.get_by_role("button", name="Acepto", exact=True).click()
        page.wait_for_url(re.compile(re.escape(with_cui.base_url) + "/callback"))
    assert with_cui.claims["cui"] == person.cui
    assert with_cui.claims["birthdate"] == person.birth_date.isoformat()

    without = RelyingParty(issuer=portal.url, client_id="", client_secret=None, scope="openid profile cui")
    with RunningRelyingParty(without):
        system_for(without, "Sistema sin CUI")
        page.goto(f"{without.base_url}/entrar")
        page.wait_for_url(re.compile(re.escape(without.base_url) + "/callback"))
        assert without.error == "invalid_scope" and not without.tokens

    page.goto(f"{portal.url}/cuenta/sistemas-conectados/")
    assert page.locator(".connected-system h2").all_inner_texts() == ["Registro de Antecedentes Penales"]
    screenshot("sistemas-conectados")
    page.get_by_role("button", name="Retirar el acceso de Registro de Antecedentes Penales").click()
    page.wait_for_url(re.compile(r"/cuenta/sistemas-conectados/$"))
    assert "ya no tiene acceso a su cuenta" in page.locator("main").inner_text()
    assert with_cui.userinfo().status_code == 401


def test_a_redirect_uri_that_is_not_registered_is_not_followed(page, portal, person):
    rp = RelyingParty(issuer=portal.url, client_id="", client_secret=None)
    with RunningRelyingParty(rp):
        system_for(rp, "Sistema de Expedientes")
        registered = rp.base_url
        rp.base_url = "http://127.0.0.1:9"  # another address: the portal must not send the code there
        page.goto(f"{registered}/entrar")
        sign_in_at_the_portal(page, person)
        page.wait_for_url(re.compile(r"/oidc/autorizar/"))
        assert page.locator("h1").inner_text() == "No se pudo conectar con el sistema"
