"""Staff keep the catalog of authorised systems; the home page and the tablero list the enabled ones."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oidc.models import AuthorisedSystem, ConsentEvent
from oidc.services import register_system
from tests.factories import StaffFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def system(name, **flags):
    created, _secret = register_system(name=name, redirect_uris=[f"https://{name.lower()}.gob.gt/cb"])
    AuthorisedSystem.objects.filter(pk=created.pk).update(home_url=f"https://{name.lower()}.gob.gt/", **flags)
    return created


def listed(html, selector):
    section = BeautifulSoup(html, "html.parser").select_one(selector)
    return [strong.get_text(strip=True) for strong in section.select(".system-link strong")] if section else []


def test_home_page_lists_enabled_systems_shown_there_with_the_cms_links(client, home_page):
    system("Tribunales")
    system("Oculto", show_on_home=False)
    system("Apagado", enabled=False)

    names = listed(client.get("/").content.decode(), "section[aria-labelledby=titulo-sistemas]")

    assert names[0] == "Tribunales"
    assert "Oculto" not in names and "Apagado" not in names


def test_tablero_lists_the_systems_shown_there_and_links_the_connected_systems(client, home_page, user):
    system("Tribunales")
    system("SoloInicio", show_on_dashboard=False)
    client.force_login(user)

    html = client.get("/tablero/").content.decode()

    assert listed(html, "section[aria-labelledby=sistemas-autorizados]") == ["Tribunales"]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one('a[href="/cuenta/sistemas-conectados/"]') is not None
    assert soup.select_one('a.system-link[href="https://tribunales.gob.gt/"]') is not None


def test_a_catalog_admin_registers_a_system_in_the_admin_with_history(client, home_page):
    admin = StaffFactory(is_superuser=True)
    client.force_login(admin)
    add = client.get(reverse("admin:oidc_authorisedsystem_add"))
    assert add.status_code == 200
    form = add.context["adminform"].form
    secret = form.initial.get("client_secret") or form.fields["client_secret"].initial
    secret = secret() if callable(secret) else secret

    response = client.post(
        reverse("admin:oidc_authorisedsystem_add"),
        {
            "name": "Sistema de Expedientes",
            "description": "Consulta de expedientes judiciales",
            "logo": SimpleUploadedFile("logo.jpg", jpeg_bytes(), content_type="image/jpeg"),
            "home_url": "https://expedientes.oj.gob.gt/",
            "enabled": "on",
            "show_on_home": "on",
            "client_id": form.initial.get("client_id") or "expedientes",
            "client_type": "confidential",
            "client_secret": secret,
            "hash_client_secret": "on",
            "redirect_uris": "https://expedientes.oj.gob.gt/oidc/callback",
            "post_logout_redirect_uris": "https://expedientes.oj.gob.gt/",
            "allowed_scopes": ["openid", "email", "cui"],
            "authorization_grant_type": "authorization-code",
            "algorithm": "RS256",
            "allowed_origins": "",
            "registration_source": "manual",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    created = AuthorisedSystem.objects.get(name="Sistema de Expedientes")
    assert created.scope_list == ["openid", "email", "cui"]
    assert created.show_on_home and not created.show_on_dashboard
    assert created.logo.name.startswith("sistemas/")
    assert created.client_secret != secret  # hashed
    created.allowed_scopes = "openid email"
    created.save()
    assert [record.history_type for record in created.history.all()] == ["~", "+"]
    assert client.get(reverse("admin:oidc_authorisedsystem_history", args=[created.pk])).status_code == 200
    assert "Sistema de Expedientes" in client.get("/").content.decode()


def test_the_admin_refuses_a_system_without_openid(client, home_page):
    client.force_login(StaffFactory(is_superuser=True))
    response = client.post(
        reverse("admin:oidc_authorisedsystem_add"),
        {
            "name": "Sin openid",
            "client_type": "public",
            "redirect_uris": "https://x.gob.gt/cb",
            "allowed_scopes": ["email"],
            "authorization_grant_type": "authorization-code",
            "algorithm": "RS256",
            "registration_source": "manual",
        },
    )
    assert response.status_code == 200
    assert "openid" in str(response.context["adminform"].form.errors)


def test_the_consent_record_cannot_be_edited_in_the_admin(client, home_page, user):
    created = system("Tribunales")
    event = ConsentEvent.objects.create(user=user, system=created, action="concedido", scopes="openid")
    client.force_login(StaffFactory(is_superuser=True))
    assert client.get(reverse("admin:oidc_consentevent_changelist")).status_code == 200
    assert (
        client.post(reverse("admin:oidc_consentevent_change", args=[event.pk]), {"action": "revocado"}).status_code
        == 403
    )
    assert client.post(reverse("admin:oidc_consentevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "concedido"


def test_deployment_checks_ask_for_a_signing_key_and_a_pairwise_secret(settings):
    from oidc.checks import signing_key_configured

    settings.OIDC_PAIRWISE_SALT = ""
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_RSA_PRIVATE_KEY": ""}
    assert {problem.id for problem in signing_key_configured()} == {"oidc.W001", "oidc.W002"}

    settings.OIDC_PAIRWISE_SALT = "secreto-propio"
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_RSA_PRIVATE_KEY": "no es una llave"}
    assert [problem.id for problem in signing_key_configured()] == ["oidc.E001"]
