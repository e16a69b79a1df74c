"""What editors change in «Configuración del portal» changes what every screen shows, without a deploy."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from accounts import services as account_services
from requests_app import services as request_services
from requests_app.constants import RequestState
from requests_app.models import CertificationRequest
from requests_app.roles import CONTENT_EDITOR, REVIEWER
from requests_app.setup import ensure_document_requirements
from tests.factories import CertificationRequestFactory, UserFactory, complete_applicant

from .markup import html, text_of

pytestmark = pytest.mark.django_db


def change(portal, **values):
    for name, value in values.items():
        setattr(portal, name, value)
    portal.save()


@pytest.fixture
def applicant(catalogs, home_page):
    """An applicant with complete data and a verified identity (no terms page exists here)."""
    ensure_document_requirements()
    return complete_applicant()


@pytest.fixture
def wizard_payment_url(client, applicant):
    draft = request_services.request_create(applicant=applicant)
    client.force_login(applicant)
    return reverse("requests_app:step_payment", args=[draft.pk])


# -- Fee and bank account ------------------------------------------------------------------------------


def test_the_defaults_are_the_onsec_fee_and_account(portal):
    assert portal.fee_amount == Decimal("16.50")
    assert portal.fee_display == "Q16.50"
    assert "BANRURAL" in portal.bank_name
    assert portal.bank_account_number == "3884048477"


def test_the_home_page_shows_the_fee_and_bank_account_from_the_settings(client, portal, portal_pages):
    notice = html(client.get("/")).select_one(".fee-notice")
    assert "Q16.50" in text_of(notice)
    assert "cuenta No. 3884048477" in text_of(notice)

    change(portal, fee_amount=Decimal("1250.00"), bank_name="Banco Industrial", bank_account_number="000-123456-7")

    notice = html(client.get("/")).select_one(".fee-notice")
    assert text_of(notice.select_one(".fee-notice__amount strong")) == "Q1,250.00"
    assert "Banco Industrial" in text_of(notice)
    assert "cuenta No. 000-123456-7" in text_of(notice)
    assert "3884048477" not in text_of(notice)


def test_the_certification_guide_shows_the_payment_data_from_the_settings(client, portal, portal_pages):
    change(portal, fee_amount=Decimal("20.00"), bank_name="Banco Industrial", bank_account_holder="Tesorería")

    payment = html(client.get(portal_pages["certification_guide"].url)).select_one(".payment-info")

    data = dict(
        zip([text_of(dt) for dt in payment.select("dt")], [text_of(dd) for dd in payment.select("dd")], strict=True)
    )
    assert data == {
        "Costo": "Q20.00",
        "Banco": "Banco Industrial",
        "Cuenta No.": "3884048477",
        "A nombre de": "Tesorería",
    }


def test_the_wizards_payment_step_shows_the_fee_and_bank_from_the_settings(client, portal, wizard_payment_url):
    notice = text_of(html(client.get(wizard_payment_url)).select_one("p.notice"))
    assert "Q16.50" in notice  # one format across the site (PortalSettings.fee_display)
    assert "cuenta No. 3884048477" in notice

    change(portal, fee_amount=Decimal("18.75"), bank_name="Crédito Hipotecario Nacional", bank_account_number="99-1")

    notice = text_of(html(client.get(wizard_payment_url)).select_one("p.notice"))
    assert "Q18.75" in notice
    assert "Crédito Hipotecario Nacional" in notice
    assert "cuenta No. 99-1" in notice
    assert "16.50" not in notice


def test_my_requests_shows_the_fee_from_the_settings(client, portal, applicant):
    change(portal, fee_amount=Decimal("17.00"))
    client.force_login(applicant)

    response = client.get(reverse("requests_app:list"))

    assert response.status_code == 200
    assert "Q17.00" in text_of(html(response).select_one("p.notice"))


# -- Office, hours and contact -----------------------------------------------------------------------


def test_every_page_footer_shows_the_office_from_the_settings(client, portal, portal_pages):
    change(
        portal,
        office_address="Avenida Reforma 1-50 Zona 9, Guatemala",
        office_phone="2200-1100",
        support_hours="Lunes a viernes de 7:00 a 15:00 horas",
        support_email="ayuda@portal.gob.gt",
    )

    for url in ("/", portal_pages["faq"].url, "/buscar/?q=cuenta", "/cuenta/ingresar/"):
        footer = text_of(html(client.get(url)).select_one("footer address"))
        assert "Avenida Reforma 1-50 Zona 9, Guatemala" in footer, url
        assert "Teléfono: 2200-1100" in footer, url
        assert "Horario de atención: Lunes a viernes de 7:00 a 15:00 horas" in footer, url
        assert "Correo: ayuda@portal.gob.gt" in footer, url


# -- Sender email ---------------------------------------------------------------------------------------


def test_assistance_emails_come_from_the_sender_in_the_settings(
    client, portal, portal_pages, captcha, django_capture_on_commit_callbacks
):
    from core.identifiers import make_cui

    change(portal, sender_email="avisos@onsec.gob.gt", support_email="mesa@onsec.gob.gt")
    answers = {
        "nombres": "Ana",
        "apellidos": "López",
        "dpi": make_cui(24_567_890, "0101"),
        "genero": "Femenino",
        "edad": "30",
        "telefono_de_contacto": "5555-1234",
        "correo_electronico_de_contacto": "ana@correo.gt",
        "confirmar_correo_electronico_de_contacto": "ana@correo.gt",
        "consultasugerenciareclamo": "Consulta.",
        **captcha,
    }

    with django_capture_on_commit_callbacks(execute=True):
        client.post(portal_pages["technical"].url, answers)

    confirmation, notice = mail.outbox
    assert confirmation.from_email == "Portal de Servicios Electrónicos <avisos@onsec.gob.gt>"
    assert confirmation.reply_to == ["mesa@onsec.gob.gt"]
    assert notice.to == ["mesa@onsec.gob.gt"]


def test_a_page_with_its_own_sender_overrides_the_settings(portal, portal_pages, django_capture_on_commit_callbacks):
    from cms.services import sender_address

    page = portal_pages["inquiries"]
    assert sender_address(page) == f"Portal de Servicios Electrónicos <{portal.sender_email}>"
    page.from_address = "consultas@onsec.gob.gt"
    assert sender_address(page) == "Portal de Servicios Electrónicos <consultas@onsec.gob.gt>"


def test_account_emails_come_from_the_sender_in_the_settings(portal, django_capture_on_commit_callbacks):
    change(portal, sender_email="avisos@onsec.gob.gt")
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        account_services.notify(recipient=user, title="Su solicitud fue recibida")

    (email,) = mail.outbox
    assert email.to == [user.email]
    assert email.from_email == "Portal de Servicios Electrónicos <avisos@onsec.gob.gt>"


# -- Deadlines and requirements ----------------------------------------------------------------------


def test_the_overdue_filter_of_the_queue_uses_the_deadlines_in_the_settings(client, portal, staff_in, catalogs):
    waiting = CertificationRequestFactory(state=RequestState.SUBMITTED)
    CertificationRequest.objects.filter(pk=waiting.pk).update(
        state_changed_at=timezone.now() - datetime.timedelta(days=8)  # 6 working days at least
    )
    client.force_login(staff_in(REVIEWER))
    queue = reverse("admin:requests_app_certificationrequest_changelist")

    def overdue():
        return [r.pk for r in client.get(queue, {"plazo": "vencido"}).context["cl"].result_list]

    change(portal, deadline_submitted_days=2)
    assert overdue() == [waiting.pk]

    change(portal, deadline_submitted_days=15)
    assert overdue() == []


def test_the_identity_requirement_of_the_certification_can_be_switched_off(client, portal, applicant):
    applicant.identity_verified_at = None
    applicant.save()
    client.force_login(applicant)

    gate_text = "Antes de solicitar, verifique su identidad"
    assert gate_text in client.get(reverse("requests_app:third_parties")).content.decode()
    assert "Crear Solicitud" not in client.get(reverse("requests_app:list")).content.decode()

    change(portal, certification_requires_identity=False)

    assert gate_text not in client.get(reverse("requests_app:third_parties")).content.decode()
    assert "Crear Solicitud" in client.get(reverse("requests_app:list")).content.decode()


# -- Editing them in Wagtail ---------------------------------------------------------------------------


def settings_url():
    return f"/cms/settings/cms/portalsettings/{Site.objects.get(is_default_site=True).pk}/"


def settings_form(portal, **changes):
    fields = [
        "fee_amount",
        "bank_name",
        "bank_account_number",
        "bank_account_holder",
        "certification_requires_identity",
        "identity_video_tutorial_url",
        "office_address",
        "office_phone",
        "support_hours",
        "support_email",
        "sender_email",
        "deadline_submitted_days",
        "deadline_in_review_days",
        "deadline_corrections_days",
        "deadline_approved_days",
    ]
    data = {name: getattr(portal, name) for name in fields}
    data.update(changes)
    return {name: ("on" if value is True else value) for name, value in data.items() if value is not False}


def test_a_content_editor_changes_the_fee_in_wagtail_and_the_home_page_shows_it(client, portal, roles, portal_pages):
    client.force_login(UserFactory(groups=[roles[CONTENT_EDITOR]]))

    response = client.post(settings_url(), settings_form(portal, fee_amount="19.25"))

    assert response.status_code == 302
    client.logout()
    assert "Q19.25" in text_of(html(client.get("/")).select_one(".fee-notice"))


def test_a_negative_fee_is_refused_in_spanish(client, portal, roles):
    client.force_login(UserFactory(groups=[roles[CONTENT_EDITOR]]))

    response = client.post(settings_url(), settings_form(portal, fee_amount="-1"))

    assert response.status_code == 200
    assert "mayor o igual a 0" in response.content.decode()
    portal.refresh_from_db()
    assert portal.fee_amount == Decimal("16.50")


def test_an_applicant_cannot_change_the_settings(client, portal, user):
    client.force_login(user)

    response = client.post(settings_url(), settings_form(portal, fee_amount="0.01"))

    assert response.status_code == 302
    portal.refresh_from_db()
    assert portal.fee_amount == Decimal("16.50")


def test_an_editor_sets_the_identity_video_tutorial_and_the_identity_page_shows_it(
    client, portal, roles, portal_pages, user
):
    from cms.models import TermsOfUsePage

    account_services.accept_terms(user=user, revision=TermsOfUsePage.current().live_revision)
    identity_url = reverse("accounts:identity")
    client.force_login(user)
    assert "<h1>Solicitar verificar identidad</h1>" in client.get(identity_url).content.decode()
    assert "video-tutorial" not in client.get(identity_url).content.decode()

    client.force_login(UserFactory(groups=[roles[CONTENT_EDITOR]]))
    refused = client.post(settings_url(), settings_form(portal, identity_video_tutorial_url="javascript:alert(1)"))
    assert refused.status_code == 200 and "Escriba una dirección que empiece con /" in refused.content.decode()
    response = client.post(
        settings_url(), settings_form(portal, identity_video_tutorial_url="/documents/3/tutorial-identidad.mp4")
    )
    assert response.status_code == 302

    client.force_login(user)
    page = html(client.get(identity_url))
    assert page.select_one("video.tutorial-video")["src"] == "/documents/3/tutorial-identidad.mp4"

    change(portal, identity_video_tutorial_url="https://videos.oj.gob.gt/verificacion")
    link = html(client.get(identity_url)).find("a", href="https://videos.oj.gob.gt/verificacion")
    assert "Vea un video-tutorial de ejemplo" in text_of(link)
