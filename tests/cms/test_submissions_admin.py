"""Staff handle assistance cases in the Wagtail admin: list, filter, export, assign, change status, answer."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from cms.models import AssistanceSubmission
from requests_app.roles import CONTENT_EDITOR, REVIEWER
from tests.factories import AssistanceSubmissionFactory, UserFactory

from .markup import html, text_of

pytestmark = pytest.mark.django_db

LIST_URL = "/cms/asistencia/"


def edit_url(submission):
    return f"/cms/asistencia/edit/{submission.pk}/"


@pytest.fixture
def editor(roles, portal_pages):
    """A content editor: the group that answers assistance cases in Wagtail (not Django staff)."""
    return UserFactory(groups=[roles[CONTENT_EDITOR]], email="editora@portal.gob.gt")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def cases(portal_pages):
    """Three cases in the two services, in the three states."""
    return {
        "nueva": AssistanceSubmissionFactory(page=portal_pages["technical"], contact_name="Ana Nueva"),
        "en_atencion": AssistanceSubmissionFactory(
            page=portal_pages["technical"], contact_name="Beto Atendido", status="en_atencion"
        ),
        "respondida": AssistanceSubmissionFactory(
            page=portal_pages["inquiries"], contact_name="Carla Respondida", status="respondida", reply="Listo."
        ),
    }


def listed_names(response) -> list[str]:
    return [text_of(row.select("td")[2]) for row in html(response).select("table.listing tbody tr")]


def save(client, submission, **changes):
    """Post the edit form as staff would, changing only ``changes``."""
    data = {
        "status": submission.status,
        "assignee": submission.assignee_id or "",
        "reply": submission.reply,
        **changes,
    }
    return client.post(edit_url(submission), data)


# -- List, filters, export ------------------------------------------------------------------------------


def test_staff_see_every_case_with_its_service_and_status(editor_client, cases):
    response = editor_client.get(LIST_URL)

    assert response.status_code == 200
    rows = {
        text_of(row.select("td")[2]): (text_of(row.select("td")[1]), text_of(row.select("td")[4]))
        for row in html(response).select("table.listing tbody tr")
    }
    assert rows == {
        "Ana Nueva": ("Asistencia técnica del portal", "Nueva"),
        "Beto Atendido": ("Asistencia técnica del portal", "En atención"),
        "Carla Respondida": ("Consultas, sugerencias y reclamos", "Respondida"),
    }


@pytest.mark.parametrize(
    ("status", "expected"),
    [("nueva", ["Ana Nueva"]), ("en_atencion", ["Beto Atendido"]), ("respondida", ["Carla Respondida"])],
)
def test_staff_filter_the_cases_by_status(editor_client, cases, status, expected):
    assert listed_names(editor_client.get(LIST_URL, {"status": status})) == expected


def test_staff_filter_the_cases_by_service(editor_client, cases, portal_pages):
    response = editor_client.get(LIST_URL, {"page": portal_pages["inquiries"].pk})

    assert listed_names(response) == ["Carla Respondida"]


def test_staff_filter_the_cases_assigned_to_someone(editor_client, cases, editor):
    cases["en_atencion"].assignee = editor
    cases["en_atencion"].save()

    assert listed_names(editor_client.get(LIST_URL, {"assignee": editor.pk})) == ["Beto Atendido"]


def test_staff_search_a_case_by_the_senders_dpi(editor_client, cases):
    assert listed_names(editor_client.get(LIST_URL, {"q": cases["nueva"].cui})) == ["Ana Nueva"]


def test_the_csv_export_has_one_row_per_case_with_the_answers(editor_client, cases):
    response = editor_client.get(LIST_URL, {"export": "csv", "status": "nueva"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert 'filename="solicitudes-de-asistencia.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    case = cases["nueva"]
    assert rows[0]["No."] == case.number
    assert rows[0]["Servicio"] == "Asistencia técnica del portal"
    assert rows[0]["Estado"] == "Nueva"
    assert rows[0]["Correo electrónico"] == case.contact_email
    assert rows[0]["Consulta/Sugerencia/Reclamo"] == case.message


def test_the_xlsx_export_lists_every_case(editor_client, cases):
    response = editor_client.get(LIST_URL, {"export": "xlsx"})

    assert response.status_code == 200
    assert 'filename="solicitudes-de-asistencia.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:4] == ["No.", "Servicio", "Fecha de envío", "Estado"]
    names = {row[header.index("Nombre")] for row in rows}
    assert names == {"Ana Nueva", "Beto Atendido", "Carla Respondida"}


def test_exports_show_the_time_in_guatemala_not_in_utc(editor_client, cases):
    sent = timezone.make_aware(datetime.datetime(2026, 3, 9, 22, 15), timezone.get_fixed_timezone(-6 * 60))
    AssistanceSubmission.objects.filter(pk=cases["nueva"].pk).update(submit_time=sent)

    response = editor_client.get(LIST_URL, {"export": "csv", "status": "nueva"})
    row = next(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row["Fecha de envío"] == "09/03/2026 22:15"

    response = editor_client.get(LIST_URL, {"export": "xlsx", "status": "nueva"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert row[header.index("Fecha de envío")] == datetime.datetime(2026, 3, 9, 22, 15)


def test_what_a_visitor_typed_cannot_run_as_a_spreadsheet_formula(editor_client, portal_pages):
    AssistanceSubmissionFactory(page=portal_pages["technical"], message='=HYPERLINK("http://mal.example")')

    response = editor_client.get(LIST_URL, {"export": "csv"})

    row = next(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row["Mensaje"] == '\'=HYPERLINK("http://mal.example")'


# -- Assign, change status, answer ---------------------------------------------------------------------


def test_the_case_page_shows_what_the_person_sent(editor_client, cases):
    response = editor_client.get(edit_url(cases["nueva"]))

    assert response.status_code == 200
    data = text_of(html(response).select_one("dl.assistance-data"))
    assert "Consulta/Sugerencia/Reclamo" + cases["nueva"].message in data
    assert "Asistencia técnica del portal" in data


def test_assigning_a_new_case_puts_it_in_attention(editor_client, cases, editor):
    case = cases["nueva"]

    response = save(editor_client, case, assignee=editor.pk)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == editor
    assert case.status == "en_atencion"
    assert mail.outbox == []


def test_staff_change_the_status_by_hand(editor_client, cases):
    case = cases["nueva"]

    save(editor_client, case, status="en_atencion")

    case.refresh_from_db()
    assert case.status == "en_atencion"


def test_a_case_cannot_be_marked_answered_without_a_reply(editor_client, cases):
    case = cases["nueva"]

    response = save(editor_client, case, status="respondida")

    assert response.status_code == 200
    assert "Escriba la respuesta antes de marcarla como «Respondida»." in response.content.decode()
    case.refresh_from_db()
    assert case.status == "nueva"


def test_a_reply_is_emailed_to_the_sender_and_the_case_is_answered(
    editor_client, cases, editor, portal, django_capture_on_commit_callbacks
):
    case = cases["en_atencion"]

    with django_capture_on_commit_callbacks(execute=True):
        response = save(editor_client, case, reply="Ya reenviamos el correo de confirmación a su buzón.")

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "respondida"
    assert case.replied_by == editor
    assert case.replied_at is not None
    (email,) = mail.outbox
    assert email.to == [case.contact_email]
    assert email.subject == f"Respuesta a su solicitud No. {case.number}: Asistencia técnica del portal"
    assert "Ya reenviamos el correo de confirmación a su buzón." in email.body
    assert case.message in email.body
    assert email.from_email == f"Portal de Servicios Electrónicos <{portal.sender_email}>"
    messages = text_of(html(editor_client.get(response.url)).select_one(".messages"))
    assert f"Solicitud No. {case.number} guardada: la respuesta se envió a {case.contact_email}." in messages


def test_saving_again_without_changing_the_reply_sends_nothing(
    editor_client, cases, django_capture_on_commit_callbacks
):
    case = cases["respondida"]

    with django_capture_on_commit_callbacks(execute=True):
        response = save(editor_client, case)

    assert response.status_code == 302
    assert mail.outbox == []


def test_a_reply_to_a_case_without_email_is_refused(editor_client, portal_pages, django_capture_on_commit_callbacks):
    case = AssistanceSubmissionFactory(page=portal_pages["technical"], contact_email="")

    with django_capture_on_commit_callbacks(execute=True):
        response = save(editor_client, case, reply="Respuesta que no llegaría a nadie.")

    assert response.status_code == 200
    assert "Esta solicitud no tiene correo de contacto" in response.content.decode()
    case.refresh_from_db()
    assert case.reply == ""
    assert mail.outbox == []


def test_cases_are_never_created_in_the_admin(editor_client, cases):
    response = editor_client.get("/cms/asistencia/new/")

    assert response.status_code in (302, 403, 404)
    assert AssistanceSubmission.objects.count() == 3


# -- Who may see them ---------------------------------------------------------------------------------


def test_a_citizen_cannot_reach_the_cases(client, cases, user):
    client.force_login(user)

    for url in (LIST_URL, f"{LIST_URL}?export=csv", edit_url(cases["nueva"])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/cms/login/"), url
    assert save(client, cases["nueva"], reply="Intrusión").status_code == 302
    cases["nueva"].refresh_from_db()
    assert cases["nueva"].reply == ""


def test_an_anonymous_visitor_is_sent_to_sign_in(client, cases):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url.startswith("/cms/login/")


def test_back_office_staff_without_the_editor_role_cannot_reach_the_cases(client, cases, staff_in):
    client.force_login(staff_in(REVIEWER))

    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert "Ana Nueva" not in client.get(LIST_URL, follow=True).content.decode()
