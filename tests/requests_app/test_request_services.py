"""The request workflow as services: every rule of the wizard and the state machine."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification
from catalogs.models import BudgetLine, Institution, Municipality
from requests_app import services
from requests_app.constants import DocumentType, PaymentMethod, RequestState
from requests_app.models import CertificationRequest, RequestEvent
from requests_app.roles import REVIEWER
from requests_app.validation import period_date_problems
from tests.factories import (
    CertificationRequestFactory,
    ServicePeriodFactory,
    ThirdPartyFactory,
    UserFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def period_fields(start, end, **overrides):
    return {
        "institution": Institution.objects.get(code="ONSEC"),
        "dependency": "Departamento de Administración de Puestos",
        "position_title": "Asistente Profesional IV",
        "start_date": start,
        "end_date": end,
        "budget_line": BudgetLine.objects.get(code="011"),
        "municipality": Municipality.objects.get(code="0101"),
        **overrides,
    }


def test_creating_a_request_records_the_manuals_first_timeline_line(applicant):
    request = services.request_create(applicant=applicant)
    assert request.state == RequestState.DRAFT
    event = request.events.get()
    assert event.to_state == RequestState.DRAFT
    assert event.observation == (
        f"{applicant.get_full_name().upper()} creó la solicitud de Certificación de Servicios No. {request.number}."
    )


def test_posting_the_same_creation_form_twice_creates_one_request(applicant):
    token = uuid.uuid4()
    first = services.request_create(applicant=applicant, token=token)
    second = services.request_create(applicant=applicant, token=token)
    assert first.pk == second.pk
    assert CertificationRequest.objects.filter(applicant=applicant).count() == 1


def test_a_request_for_someone_elses_third_party_is_refused(applicant):
    stranger_person = ThirdPartyFactory()
    with pytest.raises(PermissionDenied):
        services.request_create(applicant=applicant, third_party=stranger_person)


def test_periods_cannot_overlap_inside_a_request(draft):
    services.period_add(
        request=draft, user=draft.applicant, **period_fields(datetime.date(1990, 1, 1), datetime.date(1995, 12, 31))
    )
    with pytest.raises(ValidationError) as error:
        services.period_add(
            request=draft, user=draft.applicant, **period_fields(datetime.date(1995, 6, 1), datetime.date(1999, 1, 1))
        )
    assert "se traslapa" in error.value.messages[0]
    services.period_add(
        request=draft, user=draft.applicant, **period_fields(datetime.date(1996, 1, 1), datetime.date(1999, 1, 1))
    )
    assert draft.periods.count() == 2


def test_period_start_must_not_be_after_end(draft):
    with pytest.raises(ValidationError):
        services.period_add(
            request=draft, user=draft.applicant, **period_fields(datetime.date(2000, 1, 2), datetime.date(2000, 1, 1))
        )
    assert draft.periods.count() == 0


def test_a_payment_reference_cannot_serve_two_live_requests(applicant):
    first = services.request_create(applicant=applicant)
    second = services.request_create(applicant=applicant)
    services.payment_set(
        request=first,
        user=applicant,
        method=PaymentMethod.DEPOSIT_SLIP,
        reference="123 456 789",
        payment_date=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as error:
        services.payment_set(
            request=second,
            user=applicant,
            method=PaymentMethod.DEPOSIT_SLIP,
            reference="123456789",
            payment_date=timezone.localdate(),
        )
    assert "ya fue utilizada" in str(error.value)


def test_a_rejected_request_releases_its_payment_reference(complete_request, reviewer):
    reference = complete_request.payment_reference
    services.request_submit(request=complete_request, user=complete_request.applicant)
    services.request_take(request=complete_request, reviewer=reviewer)
    services.request_reject(request=complete_request, reviewer=reviewer, observation="El depósito no es válido.")
    other = services.request_create(applicant=complete_request.applicant)
    services.payment_set(
        request=other,
        user=other.applicant,
        method=complete_request.payment_method,
        reference=reference,
        payment_date=timezone.localdate(),
    )
    other.refresh_from_db()
    assert other.payment_reference == reference


def test_single_documents_are_replaced_and_other_documents_need_a_description(draft):
    first = services.document_upload(
        request=draft, user=draft.applicant, document_type=DocumentType.DPI, upload=pdf_upload("dpi.pdf")
    )
    second = services.document_upload(
        request=draft, user=draft.applicant, document_type=DocumentType.DPI, upload=pdf_upload("dpi-nuevo.pdf")
    )
    assert list(draft.documents.values_list("pk", flat=True)) == [second.pk]
    assert first.pk != second.pk
    with pytest.raises(ValidationError):
        services.document_upload(
            request=draft, user=draft.applicant, document_type=DocumentType.OTHER, upload=pdf_upload()
        )
    services.document_upload(
        request=draft,
        user=draft.applicant,
        document_type=DocumentType.OTHER,
        upload=pdf_upload("constancia.pdf"),
        specification="Constancia laboral",
    )
    assert draft.documents.count() == 2


def test_an_incomplete_request_cannot_be_submitted_and_says_why(draft):
    with pytest.raises(ValidationError) as error:
        services.request_submit(request=draft, user=draft.applicant)
    messages = " ".join(error.value.messages)
    assert "Agregue al menos un tiempo de servicio" in messages
    assert "Seleccione la modalidad de pago" in messages
    assert "Falta el documento «DPI de ambos lados»" in messages
    draft.refresh_from_db()
    assert draft.state == RequestState.DRAFT


def test_submitting_a_complete_request_snapshots_notifies_and_records(complete_request):
    applicant = complete_request.applicant
    outcome = services.request_submit(request=complete_request, user=applicant)
    request = outcome.request
    assert request.state == RequestState.SUBMITTED
    assert request.submitted_at is not None
    assert request.subject_snapshot["cui"] == applicant.cui
    assert outcome.event.observation.endswith(f"envió la solicitud de Certificación de Servicios No. {request.pk}.")
    notification = Notification.objects.get(recipient=applicant)
    assert f"Solicitud No. {request.pk}" in notification.title


def test_submitting_twice_changes_nothing_the_second_time(complete_request):
    services.request_submit(request=complete_request, user=complete_request.applicant)
    with pytest.raises(ValidationError) as error:
        services.request_submit(request=complete_request, user=complete_request.applicant)
    assert error.value.code == "already_submitted"
    assert complete_request.events.filter(to_state=RequestState.SUBMITTED).count() == 1


def test_a_submitted_request_can_no_longer_be_edited(complete_request):
    services.request_submit(request=complete_request, user=complete_request.applicant)
    with pytest.raises(services.RequestNotEditable):
        services.period_add(
            request=complete_request,
            user=complete_request.applicant,
            **period_fields(datetime.date(2001, 1, 1), datetime.date(2002, 1, 1)),
        )


def test_only_the_applicant_submits(complete_request):
    with pytest.raises(PermissionDenied):
        services.request_submit(request=complete_request, user=UserFactory())


def test_reviewer_asks_for_corrections_and_the_applicant_resubmits(complete_request, reviewer):
    applicant = complete_request.applicant
    services.request_submit(request=complete_request, user=applicant)
    services.request_take(request=complete_request, reviewer=reviewer)
    with pytest.raises(ValidationError):
        services.request_ask_for_corrections(request=complete_request, reviewer=reviewer, observation=" ")
    services.request_ask_for_corrections(
        request=complete_request, reviewer=reviewer, observation="Suba el DPI de ambos lados, legible."
    )
    complete_request.refresh_from_db()
    assert complete_request.state == RequestState.CORRECTIONS
    assert complete_request.is_editable
    outcome = services.request_submit(request=complete_request, user=applicant)
    assert outcome.request.state == RequestState.SUBMITTED
    assert "corrigió y envió de nuevo" in outcome.event.observation
    states = list(complete_request.events.values_list("to_state", flat=True))
    assert states == ["en_creacion", "solicitada", "en_revision", "con_observaciones", "solicitada"]


def test_people_without_the_reviewer_permission_cannot_take_requests(complete_request):
    services.request_submit(request=complete_request, user=complete_request.applicant)
    with pytest.raises(PermissionDenied):
        services.request_take(request=complete_request, reviewer=complete_request.applicant)


def test_a_second_reviewer_acting_on_a_stale_page_gets_a_clear_message(complete_request, reviewer, staff_in):
    other_reviewer = staff_in(REVIEWER)
    services.request_submit(request=complete_request, user=complete_request.applicant)
    stale_copy = CertificationRequest.objects.get(pk=complete_request.pk)
    services.request_take(request=complete_request, reviewer=reviewer)
    with pytest.raises(ValidationError) as error:
        services.request_take(request=stale_copy, reviewer=other_reviewer)
    assert error.value.code == "stale_state"
    assert "En Revisión" in error.value.messages[0]
    complete_request.refresh_from_db()
    assert complete_request.reviewer == reviewer
    assert complete_request.events.filter(to_state=RequestState.IN_REVIEW).count() == 1


def test_only_drafts_can_be_deleted_and_nobody_elses(complete_request):
    with pytest.raises(PermissionDenied):
        services.request_delete_draft(request=complete_request, user=UserFactory())
    services.request_submit(request=complete_request, user=complete_request.applicant)
    with pytest.raises(services.RequestNotEditable):
        services.request_delete_draft(request=complete_request, user=complete_request.applicant)
    draft = CertificationRequestFactory(applicant=complete_request.applicant)
    services.request_delete_draft(request=draft, user=draft.applicant)
    assert not CertificationRequest.objects.filter(pk=draft.pk).exists()


def test_the_state_field_cannot_be_written_directly(draft):
    with pytest.raises(AttributeError):
        draft.state = RequestState.ISSUED


def test_saving_data_without_a_state_change_adds_no_timeline_line(draft):
    ServicePeriodFactory(request=draft)
    services.payment_set(
        request=draft,
        user=draft.applicant,
        method=PaymentMethod.TRANSFER,
        reference="TR998877",
        payment_date=timezone.localdate(),
    )
    assert RequestEvent.objects.filter(request=draft).count() == 1


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2001, 1, 1), (2000, 1, 1), [("end_date", "La fecha de inicio debe ser anterior o igual a la fecha de fin.")]),
        ((1899, 12, 31), (2000, 1, 1), [("start_date", "La fecha de inicio no es válida.")]),
        ((2000, 1, 1), (2999, 1, 1), [("end_date", "La fecha de fin no puede ser futura.")]),
        ((2000, 1, 1), (2001, 1, 1), []),
    ],
)
def test_a_periods_dates_are_checked_in_order_against_today_and_the_earliest_date(start, end, expected):
    today = datetime.date(2026, 12, 4)
    assert period_date_problems(datetime.date(*start), datetime.date(*end), today=today) == expected
