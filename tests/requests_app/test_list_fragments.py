"""Mis Solicitudes renders what is the same for everyone once per content version, and nothing shows late.

The header, footer, module menu, fee notice, filters and table head are kept per process
(``{% once_per_content %}``); each row's links and delete dialog are built once per page.
A change of state, a new message in the casillero or new portal settings still show on the
next request.
"""

import re

import pytest
from wagtail.models import Page

from accounts.models import Notification
from accounts.services import accept_terms
from cms.models import TermsOfUsePage
from cms.settings_helpers import portal_settings
from cms.setup import ensure_portal_content
from requests_app import services
from requests_app.constants import RequestState
from requests_app.models import CertificationRequest
from tests.factories import ThirdPartyFactory

pytestmark = pytest.mark.django_db

LIST = "/certificaciones/"


@pytest.fixture
def signed_in(client, applicant, home_page):
    client.force_login(applicant)
    return client


def body(client, url=LIST) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_draft_gets_its_own_delete_dialog_and_links(signed_in, applicant):
    first = services.request_create(applicant=applicant)
    second = services.request_create(applicant=applicant)
    page = body(signed_in)
    for certification in (first, second):
        number = certification.pk
        assert f'action="/certificaciones/{number}/eliminar/"' in page
        assert f"¿Está seguro de eliminar la solicitud No. {number}? Esta acción no se puede deshacer." in page
        assert f'id="certificaciones{number}eliminar-confirmar"' in page
        assert f'href="/certificaciones/{number}/historial/"' in page
    assert page.count('name="csrfmiddlewaretoken"') == 4  # sign out, create, and one delete form per draft


def test_rows_drawn_from_the_kept_row_carry_each_requests_own_values_escaped(signed_in, applicant):
    """A name that looks like markup or like a stand-in of the kept row is shown as written."""
    relative = ThirdPartyFactory(owner=applicant, first_name="<b>Ana</b> §§kind§§", last_name="Pérez & Cía")
    draft = services.request_create(applicant=applicant)
    for_relative = services.request_create(applicant=applicant)
    CertificationRequest.objects.filter(pk=for_relative.pk).update(third_party=relative, state=RequestState.SUBMITTED)
    page = body(signed_in)
    assert "&lt;b&gt;Ana&lt;/b&gt; §§kind§§ Pérez &amp; Cía" in page
    assert "§§" not in page.replace("&lt;b&gt;Ana&lt;/b&gt; §§kind§§", "")
    assert f'<a href="/certificaciones/{draft.pk}/">{draft.pk}</a>' in page
    assert f'href="/certificaciones/{for_relative.pk}/ver/">Ver</a>' in page  # no longer editable
    assert page.count('class="badge badge--solicitada">Solicitada</span>') == 1
    assert page.count('class="badge badge--en_creacion">En Creación</span>') == 1
    assert page.count("Para un Tercero</td>") == 1 and page.count("Electrónica</td>") == 1
    assert page.count('confirm-dialog"') == 2  # the create dialog and the draft's delete dialog


def test_a_state_change_shows_at_the_next_request(signed_in, applicant):
    draft = services.request_create(applicant=applicant)
    assert "En Creación" in body(signed_in)
    CertificationRequest.objects.filter(pk=draft.pk).update(state=RequestState.SUBMITTED)
    page = body(signed_in)
    assert f'action="/certificaciones/{draft.pk}/eliminar/"' not in page
    assert 'class="badge badge--solicitada"' in page


def test_a_new_casillero_message_shows_in_the_header_at_the_next_request(signed_in, applicant):
    body(signed_in)
    Notification.objects.create(recipient=applicant, title="Su solicitud cambió de estado")
    assert '<span class="count" aria-label="1 sin leer">1</span>' in body(signed_in)


def test_new_portal_settings_show_in_the_fee_notice_and_the_footer_at_the_next_request(signed_in):
    body(signed_in)
    settings = portal_settings()
    settings.bank_name = "Banco de Pruebas, S.A."
    settings.office_phone = "2299-0000"
    settings.save()
    page = body(signed_in)
    assert "Banco de Pruebas, S.A." in page and "2299-0000" in page


def test_filters_chosen_by_the_person_are_not_shared(signed_in, client, applicant):
    assert 'value="123"' in body(signed_in, f"{LIST}?buscar=123")
    assert 'value="123"' not in body(signed_in)


def test_a_published_page_title_shows_in_the_footer_at_the_next_request(signed_in, applicant):
    ensure_portal_content()
    accept_terms(user=applicant, revision=TermsOfUsePage.objects.live().get().live_revision)
    body(signed_in)
    page = Page.objects.live().filter(depth=3).not_type(TermsOfUsePage).order_by("path").first().specific
    page.title = "Preguntas de prueba renombradas"
    page.save_revision().publish()
    assert "Preguntas de prueba renombradas" in body(signed_in)


QUEUE = "/admin/requests_app/certificationrequest/"


def sidebar(client, query="") -> str:
    """The queue's filter sidebar alone (the assignment form lists the reviewers too)."""
    page = body(client, QUEUE + query)
    return page[page.index('id="changelist-filter"') :].split("</nav>", 1)[0]


@pytest.fixture
def reviewer_in_queue(client, reviewer, home_page):
    client.force_login(reviewer)
    body(client, QUEUE)  # the filter sidebar is now kept in this process
    return client


def test_a_new_institution_shows_in_the_queue_filter_at_the_next_request(reviewer_in_queue):
    from catalogs.models import Institution

    institution = Institution.objects.create(
        code="NUEVA-1", name="Institución Recién Creada", sector=Institution.Sector.values[0]
    )
    assert "Institución Recién Creada" in sidebar(reviewer_in_queue)
    institution.name = "Institución Renombrada"
    institution.save()
    assert "Institución Renombrada" in sidebar(reviewer_in_queue)
    institution.delete()
    assert "Institución Renombrada" not in sidebar(reviewer_in_queue)


def test_a_new_reviewer_shows_in_the_queue_filter_at_the_next_request(reviewer_in_queue, staff_in, roles):
    colleague = staff_in("Revisor", first_name="Zacarías", last_name="Nuevorevisor")
    assert "Nuevorevisor" in sidebar(reviewer_in_queue)
    colleague.groups.remove(roles["Revisor"])
    assert "Nuevorevisor" not in sidebar(reviewer_in_queue)
    colleague.groups.add(roles["Revisor"])
    colleague.last_name = "Apellidocambiado"
    colleague.save()
    assert "Apellidocambiado" in sidebar(reviewer_in_queue)


def test_the_queue_filter_marks_the_filter_chosen_and_keeps_counts_live(reviewer_in_queue, complete_request):
    chosen = sidebar(reviewer_in_queue, "?pago=pendiente")
    assert re.search(r'<li class="selected">\s*<a href="\?pago=pendiente"', chosen)
    assert not re.search(r'<li class="selected">\s*<a href="\?pago=pendiente"', sidebar(reviewer_in_queue))
    with_counts = sidebar(reviewer_in_queue, "?_facets=True")
    services.request_submit(request=complete_request, user=complete_request.applicant)
    assert sidebar(reviewer_in_queue, "?_facets=True") != with_counts


def test_a_renamed_ethnic_group_shows_on_the_wizard_at_the_next_request(signed_in, applicant, draft):
    step = f"/certificaciones/{draft.pk}/datos-generales/"
    ethnic_group = applicant.profile.ethnic_group
    assert ethnic_group.name in body(signed_in, step)
    ethnic_group.name = "Pueblo Renombrado"
    ethnic_group.save()
    assert "Pueblo Renombrado" in body(signed_in, step)


def test_a_new_document_requirement_shows_in_the_stepper_and_the_documents_step_at_the_next_request(
    signed_in, complete_request
):
    from requests_app.models import DocumentRequirement

    step = f"/certificaciones/{complete_request.pk}/documentos/"
    assert body(signed_in, step).count("stepper__item--done") == 4
    other = DocumentRequirement.objects.get(document_type="otro")
    other.label, other.is_required = "Constancia Nueva Exigida", True
    other.save()
    page = body(signed_in, step)
    assert "Constancia Nueva Exigida" in page
    assert page.count("stepper__item--done") == 3


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_rows_dates_read_as_djangos_date_filter_at_every_hour(language):
    from datetime import UTC, datetime, timedelta

    from django.utils import dateformat, timezone, translation
    from django.utils.html import escape

    from requests_app.templatetags.request_rows import UpdatedFormat

    with translation.override(language):
        updated = UpdatedFormat()
        start = datetime(2026, 12, 31, 0, 7, tzinfo=UTC)
        for minutes in range(0, 48 * 60, 37):
            moment = start + timedelta(minutes=minutes)
            assert updated(moment) == escape(dateformat.format(timezone.localtime(moment), "d/m/Y h:i A"))
