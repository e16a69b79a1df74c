"""Mis Solicitudes, the wizard pages, the reloj and terceros asociados, through HTTP."""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app import services
from requests_app.constants import DocumentType, RequestState
from requests_app.models import CertificationRequest, DocumentRequirement, ThirdParty
from tests.factories import CertificationRequestFactory, ThirdPartyFactory, UserFactory, pdf_upload

pytestmark = pytest.mark.django_db

REQUEST_PAGES = [
    ("requests_app:resume", "get"),
    ("requests_app:step_general", "get"),
    ("requests_app:step_periods", "get"),
    ("requests_app:step_payment", "get"),
    ("requests_app:step_documents", "get"),
    ("requests_app:step_submit", "get"),
    ("requests_app:detail", "get"),
    ("requests_app:history", "get"),
    ("requests_app:submitted", "get"),
    ("requests_app:delete", "post"),
]


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def test_mis_solicitudes_lists_only_my_requests_with_server_side_pagination(signed_in, applicant):
    for _ in range(57):
        services.request_create(applicant=applicant)
    CertificationRequestFactory()  # someone else's
    response = signed_in.get(reverse("requests_app:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mostrando 1 al 10 de 57 registros" in body
    assert "Q16.50" in body
    page_3 = signed_in.get(reverse("requests_app:list"), {"mostrar": 25, "pagina": 3}).content.decode()
    assert "Mostrando 51 al 57 de 57 registros" in page_3


def test_mis_solicitudes_reads_its_page_and_total_in_one_query(signed_in, applicant):
    for _ in range(23):
        services.request_create(applicant=applicant)
    url = reverse("requests_app:list")
    signed_in.get(url)
    for query, shown in (
        ({"pagina": 2}, "Mostrando 11 al 20 de 23 registros"),
        ({"estado": RequestState.DRAFT, "pagina": 3}, "Mostrando 21 al 23 de 23 registros"),
        ({"pagina": 99}, "Mostrando 21 al 23 de 23 registros"),  # past the end: the last page, as before
    ):
        with CaptureQueriesContext(connection) as captured:
            body = signed_in.get(url, query).content.decode()
        assert shown in body, query
        listing = [sql for sql in (q["sql"] for q in captured.captured_queries) if "certificationrequest" in sql]
        assert len(listing) == (3 if query["pagina"] == 99 else 1), listing  # past the end: read, counted, read
        assert "requests_app_applicantrequestcount" in listing[0]  # the total the database keeps, not a count
    empty = signed_in.get(url, {"estado": RequestState.ISSUED}).content.decode()
    assert "No existen solicitudes." in empty


def test_filtering_by_state_and_searching_by_number(signed_in, applicant, complete_request):
    services.request_submit(request=complete_request, user=applicant)
    draft = services.request_create(applicant=applicant)
    submitted = signed_in.get(reverse("requests_app:list"), {"estado": RequestState.SUBMITTED}).context["page"]
    assert [r.pk for r in submitted] == [complete_request.pk]
    found = signed_in.get(reverse("requests_app:list"), {"buscar": str(draft.pk)}).context["page"]
    assert [r.pk for r in found] == [draft.pk]


def test_a_bad_filter_value_is_ignored_not_a_server_error(signed_in):
    response = signed_in.get(reverse("requests_app:list"), {"estado": "inventado", "mostrar": "9999", "pagina": "x"})
    assert response.status_code == 200


def test_create_request_posting_twice_with_the_same_token_makes_one(signed_in, applicant):
    token = str(uuid.uuid4())
    first = signed_in.post(reverse("requests_app:create"), {"token": token})
    second = signed_in.post(reverse("requests_app:create"), {"token": token})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert CertificationRequest.objects.filter(applicant=applicant).count() == 1


@pytest.mark.parametrize(("url_name", "method"), REQUEST_PAGES)
def test_another_persons_request_is_not_found(client, url_name, method, complete_request):
    client.force_login(UserFactory())
    response = getattr(client, method)(reverse(url_name, args=[complete_request.pk]))
    assert response.status_code in (404, 302)
    if response.status_code == 302:  # an intruder without a complete profile is sent to fill it
        assert "/cuenta/datos-personales/" in response["Location"]


@pytest.mark.parametrize(("url_name", "method"), REQUEST_PAGES)
def test_another_applicant_with_a_complete_profile_gets_404(
    client, url_name, method, complete_request, other_applicant
):
    client.force_login(other_applicant)
    response = getattr(client, method)(reverse(url_name, args=[complete_request.pk]))
    assert response.status_code == 404
    assert CertificationRequest.objects.filter(pk=complete_request.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, complete_request):
    response = client.get(reverse("requests_app:step_general", args=[complete_request.pk]))
    assert response.status_code == 302
    assert "ingresar" in response["Location"] or "login" in response["Location"]


def test_documents_are_served_privately_to_their_owner_only(client, signed_in, complete_request, other_applicant):
    document = complete_request.documents.first()
    url = reverse("requests_app:document", args=[complete_request.pk, document.pk])
    response = signed_in.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_period_form_shows_field_errors_in_spanish_and_keeps_values(signed_in, draft):
    future = timezone.localdate() + datetime.timedelta(days=30)
    response = signed_in.post(
        reverse("requests_app:step_periods", args=[draft.pk]),
        {"dependency": "Escuela Oficial", "start_date": "2020-01-01", "end_date": future.isoformat()},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "La fecha de fin no puede ser futura." in body
    assert "Este campo es necesario." in body
    assert 'value="Escuela Oficial"' in body
    assert "Revise los siguientes datos" in body


def test_municipality_must_belong_to_the_department(signed_in, draft):
    from catalogs.models import Department, Municipality

    response = signed_in.post(
        reverse("requests_app:step_periods", args=[draft.pk]),
        {
            "institution": _institution_id(),
            "dependency": "Dirección",
            "position_title": "Oficinista I",
            "start_date": "2001-01-01",
            "end_date": "2002-01-01",
            "budget_line": _budget_line_id(),
            "department": Department.objects.get(code="01").pk,
            "municipality": Municipality.objects.get(code="0901").pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"]
    assert draft.periods.count() == 0


def _institution_id():
    from catalogs.models import Institution

    return Institution.objects.get(code="ONSEC").pk


def _budget_line_id():
    from catalogs.models import BudgetLine

    return BudgetLine.objects.get(code="011").pk


def test_wizard_adds_and_removes_periods(signed_in, draft):
    from catalogs.models import Department, Municipality

    data = {
        "institution": _institution_id(),
        "dependency": "Dirección de Recursos Humanos",
        "position_title": "Oficinista I",
        "start_date": "01/02/1990",
        "end_date": "31/10/1999",
        "budget_line": _budget_line_id(),
        "department": Department.objects.get(code="01").pk,
        "municipality": Municipality.objects.get(code="0101").pk,
    }
    response = signed_in.post(reverse("requests_app:step_periods", args=[draft.pk]), data, follow=True)
    assert "Se cargó el tiempo de servicio a la solicitud." in response.content.decode()
    period = draft.periods.get()
    assert period.start_date == datetime.date(1990, 2, 1)
    signed_in.post(reverse("requests_app:period_remove", args=[draft.pk, period.pk]))
    assert draft.periods.count() == 0


def test_payment_step_refuses_a_reference_already_used(signed_in, applicant, complete_request):
    draft = services.request_create(applicant=applicant)
    response = signed_in.post(
        reverse("requests_app:step_payment", args=[draft.pk]),
        {
            "method": complete_request.payment_method,
            "reference": complete_request.payment_reference,
            "payment_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "ya fue utilizada en otra solicitud" in response.content.decode()


def test_document_step_refuses_a_disguised_file_with_a_clear_message(signed_in, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("dpi.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = signed_in.post(
        reverse("requests_app:step_documents", args=[draft.pk]), {"document_type": DocumentType.DPI, "file": fake}
    )
    assert response.status_code == 200
    assert "no es de un tipo permitido" in response.content.decode()
    assert draft.documents.count() == 0


def test_document_step_tells_what_is_missing_when_the_post_names_no_card(signed_in, draft):
    response = signed_in.post(reverse("requests_app:step_documents", args=[draft.pk]), {"document_type": "0"})

    assert response.status_code == 200
    summary = response.content.decode().split('id="resumen-errores"')[1].split("</div>")[0]
    assert "Este campo es necesario." in summary
    assert draft.documents.count() == 0


def test_document_step_accepts_a_real_pdf(signed_in, draft):
    response = signed_in.post(
        reverse("requests_app:step_documents", args=[draft.pk]),
        {"document_type": DocumentType.IGSS, "file": pdf_upload("igss.pdf")},
        follow=True,
    )
    assert "Se cargó el documento." in response.content.decode()
    assert draft.documents.get().document_type == DocumentType.IGSS


def test_document_step_shows_a_requirement_edited_by_staff_on_the_next_request(signed_in, draft):
    url = reverse("requests_app:step_documents", args=[draft.pk])
    assert "Constancia del IGSS" not in signed_in.get(url).content.decode()
    requirement = DocumentRequirement.objects.get(document_type=DocumentType.IGSS)
    requirement.label, requirement.allowed_extensions, requirement.max_size_mb = "Constancia del IGSS", "PDF", 3
    requirement.save()

    body = signed_in.get(url).content.decode()
    assert "Constancia del IGSS" in body
    card = body.split("Constancia del IGSS", 1)[1]
    assert "Tipo de documentos permitidos: pdf. Tamaño máximo: 3 MB." in card
    assert 'accept=".pdf"' in card


def test_summary_lists_inconsistencies_and_hides_the_button_until_complete(signed_in, applicant, complete_request):
    draft = services.request_create(applicant=applicant)
    body = signed_in.get(reverse("requests_app:step_submit", args=[draft.pk])).content.decode()
    assert "Agregue al menos un tiempo de servicio" in body
    assert 'aria-haspopup="dialog">Solicitar CS</button>' not in body
    body = signed_in.get(reverse("requests_app:step_submit", args=[complete_request.pk])).content.decode()
    assert body.count("No se detectaron inconsistencias.") == 4
    assert 'aria-haspopup="dialog">Solicitar CS</button>' in body


def test_solicitar_cs_sends_the_request_and_shows_the_success_page(signed_in, complete_request):
    response = signed_in.post(reverse("requests_app:step_submit", args=[complete_request.pk]), follow=True)
    assert "Solicitud enviada" in response.content.decode()
    complete_request.refresh_from_db()
    assert complete_request.state == RequestState.SUBMITTED
    again = signed_in.get(reverse("requests_app:step_periods", args=[complete_request.pk]), follow=True)
    assert "ya no se puede modificar" in again.content.decode()


def test_every_wizard_step_shows_what_the_reviewer_asked_to_correct(signed_in, applicant, complete_request, staff_in):
    reviewer = staff_in("Revisor")
    services.request_submit(request=complete_request, user=applicant)
    services.request_take(request=complete_request, reviewer=reviewer)
    services.request_ask_for_corrections(
        request=complete_request, reviewer=reviewer, observation="Suba la boleta legible."
    )
    for step in ("step_general", "step_periods", "step_payment", "step_documents", "step_submit"):
        body = signed_in.get(reverse(f"requests_app:{step}", args=[complete_request.pk])).content.decode()
        assert "Su solicitud tiene observaciones" in body, step
        assert "Suba la boleta legible." in body, step
    services.request_submit(request=complete_request, user=applicant)
    after = signed_in.get(reverse("requests_app:detail", args=[complete_request.pk])).content.decode()
    assert "Su solicitud tiene observaciones" not in after


def test_the_reloj_shows_number_date_state_and_observation(signed_in, applicant, complete_request):
    services.request_submit(request=complete_request, user=applicant)
    response = signed_in.get(reverse("requests_app:history", args=[complete_request.pk]))
    rows = response.context["rows"]
    assert [row.state_label for row in rows] == ["En Creación", "Solicitada"]
    assert rows[0].number == 1
    assert "creó la solicitud de Certificación de Servicios No." in rows[0].observation
    assert rows[-1].is_current


def test_third_parties_are_created_searched_and_requested_for(signed_in, applicant):
    from catalogs.models import Department, Municipality

    person = ThirdPartyFactory.build()
    response = signed_in.post(
        reverse("requests_app:third_party_create"),
        {
            "first_name": "Inés",
            "second_name": "Salomón",
            "last_name": "Hernández",
            "second_surname": "Morales",
            "cui": person.cui,
            "birth_date": "21/01/1945",
            "gender": "F",
            "relationship": "padre",
            "is_alive": "on",
            "nationality": "Guatemalteca",
            "department": Department.objects.get(code="01").pk,
            "municipality": Municipality.objects.get(code="0101").pk,
            "address": "13 calle 6-77 zona 1",
            "notification_address": "13 calle 6-77 zona 1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created = ThirdParty.objects.get(owner=applicant)
    found = signed_in.get(reverse("requests_app:third_parties"), {"buscar": "Hernández"}).context["page"]
    assert list(found) == [created]
    assert list(signed_in.get(reverse("requests_app:third_parties"), {"buscar": "Pérez"}).context["page"]) == []

    signed_in.post(reverse("requests_app:third_party_request", args=[created.pk]), {"token": str(uuid.uuid4())})
    request = CertificationRequest.objects.get(applicant=applicant)
    assert request.third_party == created
    listing = signed_in.get(reverse("requests_app:list")).content.decode()
    assert "Para un Tercero" in listing
    assert "Inés Salomón Hernández Morales" in listing


def test_each_third_partys_request_dialog_sends_the_pages_token_once_and_no_id_repeats(signed_in, applicant):
    """The "+ Solicitud" dialogs of one page share its one-click token: a double click, or a second person's dialog
    confirmed after the first, makes no second request; the next page gets a new token."""
    first, second = ThirdPartyFactory(owner=applicant), ThirdPartyFactory(owner=applicant)
    page = signed_in.get(reverse("requests_app:third_parties")).content.decode()
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    tokens = set(re.findall(r'<input type="hidden" name="token" value="([^"]+)">', page))
    assert len(tokens) == 1
    (token,) = tokens
    for person in (first, first, second):
        signed_in.post(reverse("requests_app:third_party_request", args=[person.pk]), {"token": token})
    assert list(CertificationRequest.objects.filter(applicant=applicant).values_list("third_party", flat=True)) == [
        first.pk
    ]
    again = signed_in.get(reverse("requests_app:third_parties")).content.decode()
    assert token not in again and 'name="token" value="' in again


def test_third_party_cui_is_validated_and_unique_per_applicant(signed_in, applicant):
    existing = ThirdPartyFactory(owner=applicant)
    response = signed_in.post(reverse("requests_app:third_party_create"), {"cui": "1234567890123"})
    assert "El CUI no es válido" in response.content.decode()
    response = signed_in.post(reverse("requests_app:third_party_create"), {"cui": existing.cui})
    assert "Ya registró a una persona con este DPI." in response.content.decode()


def test_someone_elses_third_party_is_not_found(signed_in):
    stranger = ThirdPartyFactory()
    assert signed_in.get(reverse("requests_app:third_party_edit", args=[stranger.pk])).status_code == 404
    response = signed_in.post(
        reverse("requests_app:third_party_request", args=[stranger.pk]), {"token": str(uuid.uuid4())}
    )
    assert response.status_code == 404


def test_issued_certificates_page_is_real_and_empty_at_first(signed_in):
    response = signed_in.get(reverse("requests_app:issued"))
    assert response.status_code == 200
    assert "Aún no tiene certificaciones emitidas." in response.content.decode()


def test_issued_certificates_can_be_searched_and_paged_on_the_server(signed_in, applicant):
    from requests_app.models import Certificate

    issued = []
    for _ in range(12):
        certification = CertificationRequestFactory(applicant=applicant, state=RequestState.ISSUED)
        issued.append(Certificate.objects.create(request=certification, issued_at=timezone.now(), sha256="ab" * 32))
    url = reverse("requests_app:issued")
    body = signed_in.get(url).content.decode()
    assert 'name="buscar"' in body and 'name="mostrar"' in body
    assert "Mostrando 1 al 10 de 12 registros" in body
    assert "Mostrando 1 al 12 de 12 registros" in signed_in.get(url, {"mostrar": 25}).content.decode()
    wanted = issued[3].request
    found = signed_in.get(url, {"buscar": str(wanted.number)}).context["page"]
    assert [certificate.request_id for certificate in found] == [wanted.pk]
    nothing = signed_in.get(url, {"buscar": "9999999"}).content.decode()
    assert "Ninguna certificación coincide con la búsqueda." in nothing


def test_list_page_runs_a_constant_number_of_queries(signed_in, applicant, django_assert_max_num_queries):
    for _ in range(3):
        services.request_create(applicant=applicant)
    with django_assert_max_num_queries(12) as small:
        signed_in.get(reverse("requests_app:list"))
    for _ in range(30):
        services.request_create(applicant=applicant, third_party=ThirdPartyFactory(owner=applicant))
    with django_assert_max_num_queries(len(small.captured_queries)):
        signed_in.get(reverse("requests_app:list"))


def test_the_fee_notice_follows_the_portal_settings(signed_in, home_page):
    from cms.settings_helpers import portal_settings

    settings = portal_settings()
    settings.fee_amount = "20.00"
    settings.bank_account_number = "3000111222"
    settings.save()
    body = signed_in.get(reverse("requests_app:list")).content.decode()
    assert "Q20.00" in body
    assert "3000111222" in body
