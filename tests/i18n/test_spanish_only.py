"""Every screen in Spanish, and "usted" with citizens.

Walks the citizen pages (public and signed in, with and without form errors), the Django admin
pages reviewers, identity reviewers, signers and catalog admins use, and the Wagtail screens an
editor uses; fails on English UI text (tests/i18n/english.py: a word list plus Django's and
Wagtail's own English strings) and, on citizen pages, on "tú" forms.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from accounts import services as account_services
from accounts.constants import EmailChangeState
from accounts.models import EmailChangeRequest, IdentityVerification, Notification
from cms.models import TermsOfUsePage
from cms.setup import ensure_portal_content
from requests_app import services
from requests_app.roles import CATALOG_ADMIN, CONTENT_EDITOR, IDENTITY_REVIEWER, REVIEWER, SIGNER
from requests_app.setup import ensure_document_requirements
from tests.factories import (
    CertificationRequestFactory,
    ServicePeriodFactory,
    ThirdPartyFactory,
    UserFactory,
    complete_applicant,
    jpeg_bytes,
)

from .english import english_in, tu_forms_in

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/cuenta/registro/",
    "/cuenta/ingresar/",
    "/cuenta/recuperar/",
    "/cuenta/recuperar/sin-correo/",
    "/cuenta/confirmar/reenviar/",
    "/verificar/",
    "/verificar/codigo-que-no-existe/",
    "/instructivos/",
    "/instructivos/registro-y-verificacion-de-identidad/",
    "/instructivos/solicitud-de-certificacion-de-servicios/",
    "/preguntas-frecuentes/",
    "/asistencia-tecnica/",
    "/consultas-sugerencias-y-reclamos/",
    "/terminos/",
    "/buscar/?q=certificaci%C3%B3n",
    "/no-existe-esta-pagina/",
]
PUBLIC_FORMS = ["/cuenta/registro/", "/cuenta/ingresar/", "/cuenta/recuperar/", "/cuenta/recuperar/sin-correo/"]


@pytest.fixture
def portal(catalogs, home_page):
    ensure_document_requirements()
    ensure_portal_content()


def signed_in_client(client, user):
    account_services.accept_terms(user=user, revision=TermsOfUsePage.current().live_revision)
    client.force_login(user)
    return client


def problems_of(response, *, citizen: bool) -> list[str]:
    if response.status_code >= 500:
        return [f"error {response.status_code}"]
    if "text/html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode()
    found = [f"inglés: «{text}»" for text in english_in(html)]
    if citizen:
        found += [f"tuteo: «{text}»" for text in tu_forms_in(html)]
    return found


def walk(client, urls, *, citizen, posts=()):
    report = {}
    for url in urls:
        response = client.get(url, follow=True)
        if problems := problems_of(response, citizen=citizen):
            report[url] = problems
    for url in posts:
        response = client.post(url, {}, follow=True)
        if problems := problems_of(response, citizen=citizen):
            report[f"POST {url}"] = problems
    return report


def assert_clean(report):
    assert not report, "\n".join(f"{url}: {problems}" for url, problems in report.items())


def test_public_pages_are_spanish_and_say_usted(client, portal):
    assert_clean(walk(client, PUBLIC, citizen=True, posts=PUBLIC_FORMS))


def test_applicant_pages_are_spanish_and_say_usted(client, portal):
    applicant = complete_applicant()
    signed_in_client(client, applicant)
    Notification.objects.create(recipient=applicant, title="Bienvenida", body="Su casillero está listo.")
    notification = Notification.objects.get(recipient=applicant)
    draft = services.request_create(applicant=applicant)
    ServicePeriodFactory(request=draft)
    person = ThirdPartyFactory(owner=applicant)
    submitted = CertificationRequestFactory(applicant=applicant, state="solicitada")
    steps = ["datos-generales", "periodos", "boleta", "documentos", "solicitar"]
    urls = [
        "/tablero/",
        "/casillero/",
        f"/casillero/{notification.pk}/",
        "/cuenta/datos-personales/",
        "/cuenta/verificar-identidad/",
        "/cuenta/contrasena/",
        "/certificaciones/",
        "/certificaciones/?estado=solicitada&buscar=Luis",
        "/certificaciones/terceros/",
        "/certificaciones/terceros/nuevo/",
        f"/certificaciones/terceros/{person.pk}/",
        "/certificaciones/emitidas/",
        *[f"/certificaciones/{draft.pk}/{step}/" for step in steps],
        f"/certificaciones/{draft.pk}/ver/",
        f"/certificaciones/{draft.pk}/historial/",
        f"/certificaciones/{submitted.pk}/ver/",
    ]
    posts = [
        "/cuenta/datos-personales/",
        "/cuenta/contrasena/",
        "/certificaciones/terceros/nuevo/",
        f"/certificaciones/{draft.pk}/periodos/",
        f"/certificaciones/{draft.pk}/boleta/",
    ]
    assert_clean(walk(client, urls, citizen=True, posts=posts))


def test_a_new_applicant_sees_spanish_on_the_identity_gate(client, portal):
    applicant = complete_applicant(identity_verified_at=None)
    signed_in_client(client, applicant)
    assert_clean(walk(client, ["/tablero/", "/certificaciones/", "/certificaciones/terceros/"], citizen=True))


def staff_client(client, staff_in, role):
    user = staff_in(role)
    client.force_login(user)
    return user


def test_back_office_pages_are_spanish(client, portal, staff_in, roles):
    applicant = complete_applicant()
    request = services.request_create(applicant=applicant)
    ServicePeriodFactory(request=request)
    verification = IdentityVerification.objects.create(
        user=UserFactory(),
        dpi_front=ContentFile(jpeg_bytes(), "anverso.jpg"),
        dpi_front_type="image/jpeg",
        dpi_back=ContentFile(jpeg_bytes(), "reverso.jpg"),
        dpi_back_type="image/jpeg",
        video=ContentFile(b"video", "video.mp4"),
        video_type="video/mp4",
        video_seconds=12,
    )
    change = EmailChangeRequest.objects.create(
        user=UserFactory(),
        old_email="viejo@correo.gt",
        new_email="nuevo@correo.gt",
        state=EmailChangeState.PENDING_REVIEW,
        confirmed_at=timezone.now(),
    )
    report = {}
    staff_client(client, staff_in, REVIEWER)
    queue = reverse("admin:requests_app_certificationrequest_changelist")
    report |= walk(
        client,
        [
            "/admin/",
            queue,
            f"{queue}?state__exact=solicitada",
            f"{queue}?q=Luis",
            reverse("admin:requests_app_certificationrequest_change", args=[request.pk]),
            reverse("admin:requests_app_certificationrequest_history", args=[request.pk]),
        ],
        citizen=False,
    )
    staff_client(client, staff_in, IDENTITY_REVIEWER)
    report |= walk(
        client,
        [
            "/admin/",
            reverse("admin:accounts_identityverification_changelist"),
            reverse("admin:accounts_identityverification_change", args=[verification.pk]),
            reverse("admin:accounts_identityverification_transition", args=[verification.pk, "approve"]),
            reverse("admin:accounts_identityverification_transition", args=[verification.pk, "reject"]),
            reverse("admin:accounts_emailchangerequest_changelist"),
            reverse("admin:accounts_emailchangerequest_change", args=[change.pk]),
            reverse("admin:accounts_emailchangerequest_transition", args=[change.pk, "reject"]),
        ],
        citizen=False,
    )
    staff_client(client, staff_in, SIGNER)
    report |= walk(client, ["/admin/", queue, f"{queue}?state__exact=aprobada"], citizen=False)
    staff_client(client, staff_in, CATALOG_ADMIN)
    report |= walk(
        client,
        [
            "/admin/",
            reverse("admin:catalogs_institution_changelist"),
            reverse("admin:catalogs_institution_import"),
            # The export page is left out: it lists the CSV/XLSX column names, which are the file
            # format catalog admins import (code, name, is_active), not interface text.
        ],
        citizen=False,
    )
    assert_clean(report)


def test_wagtail_screens_an_editor_uses_are_spanish(client, portal, staff_in, roles):
    staff_client(client, staff_in, CONTENT_EDITOR)
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    guide = Page.objects.get(slug="solicitud-de-certificacion-de-servicios")
    assistance = Page.objects.get(slug="asistencia-tecnica")
    urls = [
        "/cms/",
        "/cms/pages/",
        f"/cms/pages/{home.pk}/",
        f"/cms/pages/{guide.get_parent().pk}/",
        f"/cms/pages/{home.pk}/edit/",
        f"/cms/pages/{guide.pk}/edit/",
        f"/cms/pages/{assistance.pk}/edit/",
        f"/cms/pages/{guide.pk}/history/",
        f"/cms/pages/{home.pk}/add_subpage/",
        "/cms/pages/search/?q=certificaci%C3%B3n",
        "/cms/images/",
        "/cms/documents/",
        f"/cms/settings/cms/portalsettings/{site.pk}/",
        "/cms/asistencia/",
        "/cms/account/",
        "/cms/reports/locked/",
        "/cms/reports/workflow/",
    ]
    assert_clean(walk(client, urls, citizen=False))
