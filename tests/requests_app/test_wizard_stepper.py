"""The wizard: its request and stepper read in one query (each step done exactly when its check passes), and the
markup kept per process (the stepper, the unbound period and payment forms) the same as rendered."""

import datetime
import re

import pytest
from django.db import connection
from django.template import engines
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogs import signals as catalog_signals
from catalogs.models import BudgetLine, Department, Institution
from requests_app import parts, services
from requests_app.constants import STAND_IN_NUMBER, DocumentType, PaymentMethod, RequestState, WizardStep
from requests_app.forms import DocumentUploadForm, PaymentForm, ServicePeriodForm
from requests_app.models import CertificationRequest, DocumentRequirement, ServicePeriod, SupportingDocument
from requests_app.reference_data import active_requirements
from requests_app.templatetags import wizard_steps
from requests_app.validation import check_documents, payment_reference_in_use, review_request
from requests_app.wizard import (
    DOCUMENT_TYPE_BITS,
    Stepper,
    request_with_documents,
    request_with_periods,
    request_with_step_facts,
    steps_done,
    wizard_request,
)
from tests.factories import CertificationRequestFactory, ServicePeriodFactory, ThirdPartyFactory

pytestmark = pytest.mark.django_db
keep = wizard_steps.kept_form_markup

STEPS = ("step_general", "step_periods", "step_payment", "step_documents", "step_submit")
TODAY = timezone.localdate()
DATES = [
    datetime.date(1899, 12, 31),
    datetime.date(1900, 1, 1),
    datetime.date(1990, 1, 1),
    datetime.date(1995, 6, 30),
    datetime.date(1995, 7, 1),
    datetime.date(2001, 1, 1),
    TODAY - datetime.timedelta(days=1),
    TODAY,
    TODAY + datetime.timedelta(days=1),
]
PERIOD = st.lists(st.sampled_from(DATES), min_size=2, max_size=2).map(sorted)
DOCUMENT = st.tuples(st.sampled_from([*DocumentType]), st.sampled_from(["", "Constancia"]))


def add_document(request, document_type, specification="") -> SupportingDocument:
    return SupportingDocument.objects.create(
        request=request,
        document_type=document_type,
        specification=specification,
        file="documentos/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )


def checks_of(certification) -> dict:
    return {section.step: section.ok for section in review_request(certification)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    periods=st.lists(PERIOD, max_size=4),
    documents=st.lists(DOCUMENT, max_size=4),
    payment=st.tuples(
        st.sampled_from(["", PaymentMethod.DEPOSIT_SLIP]),
        st.sampled_from(["", "B0001234"]),
        st.sampled_from([None, TODAY, TODAY + datetime.timedelta(days=1)]),
    ),
    optional_other=st.booleans(),
)
def test_each_step_is_done_exactly_when_its_check_passes(draft, periods, documents, payment, optional_other):
    ServicePeriod.objects.filter(request=draft).delete()
    SupportingDocument.objects.filter(request=draft).delete()
    for start, end in periods:
        ServicePeriodFactory(request=draft, start_date=start, end_date=end)
    for document_type, specification in documents:
        add_document(draft, document_type, specification)
    method, reference, payment_date = payment
    CertificationRequest.objects.filter(pk=draft.pk).update(
        payment_method=method, payment_reference=reference, payment_date=payment_date
    )
    other = DocumentRequirement.objects.get(document_type=DocumentType.OTHER)
    other.is_required = not optional_other
    other.save()

    certification = wizard_request(draft.applicant, draft.pk)
    facts = certification.step_facts

    assert steps_done(certification, active_requirements()) == checks_of(certification)
    assert facts.uploaded_types == {document_type for document_type, _specification in documents}
    assert check_documents(certification, uploaded_types=facts.types_for_check()) == check_documents(certification)
    assert (facts.types_for_check() is None) is facts.other_unspecified  # then the check reads the documents
    # Steps 2 and 4 read the facts of periods or documents from the rows they list, not from subqueries: the same.
    assert wizard_request(draft.applicant, draft.pk, listing="periods").step_facts == facts
    assert wizard_request(draft.applicant, draft.pk, listing="documents").step_facts == facts


def test_each_document_type_has_a_bit_of_its_own_within_a_32_bit_integer():
    """``uploaded_type_bits`` sums one bit per type in an integer column: a new type must still fit."""
    bits = list(DOCUMENT_TYPE_BITS.values())
    assert set(DOCUMENT_TYPE_BITS) == set(DocumentType.values)
    assert len(set(bits)) == len(bits) and all(bit.bit_count() == 1 for bit in bits)
    assert max(bits) < 2**31


def test_a_reference_another_live_request_uses_is_seen_as_the_check_sees_it(draft, applicant):
    CertificationRequest.objects.filter(pk=draft.pk).update(
        state=RequestState.REJECTED, payment_method=PaymentMethod.TRANSFER, payment_reference="T123456"
    )
    CertificationRequestFactory(payment_method=PaymentMethod.TRANSFER, payment_reference="T123456")
    certification = wizard_request(applicant, draft.pk)
    assert certification.step_facts.reference_in_use is True
    assert payment_reference_in_use(certification)
    done = steps_done(certification, active_requirements())
    assert done[WizardStep.PAYMENT] is checks_of(certification)[WizardStep.PAYMENT] is False


def test_the_request_comes_with_its_third_party_and_applicant(applicant):
    person = ThirdPartyFactory(owner=applicant, first_name="Inés")
    draft = services.request_create(applicant=applicant, third_party=person)
    with CaptureQueriesContext(connection) as queries:
        certification = wizard_request(applicant, draft.pk)
        assert certification.third_party == person
        assert certification.third_party.first_name == "Inés"
        assert certification.third_party.birth_date == person.birth_date
        assert certification.applicant is applicant
        assert certification.subject_name == person.get_full_name()
    assert len(queries) == 1


def test_another_persons_request_is_not_found(draft, other_applicant):
    from django.http import Http404

    with pytest.raises(Http404):
        wizard_request(other_applicant, draft.pk)


def test_the_statement_is_built_once_per_process(draft, applicant, monkeypatch):
    wizard_request(applicant, draft.pk)
    monkeypatch.setattr(request_with_step_facts, "build", None)  # built: never called again
    assert wizard_request(applicant, draft.pk).pk == draft.pk


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def queries_of(client, url) -> list[str]:
    client.get(url)  # the step is remembered on the first visit (one UPDATE), not on later ones
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def period_reads(queries) -> list[str]:
    return [sql for sql in queries if (sql or "").startswith('SELECT "requests_app_serviceperiod"')]


def document_reads(queries) -> list[str]:
    """(On PostgreSQL, a statement the server has prepared is captured without its SQL: ``None``.)"""
    return [sql for sql in queries if (sql or "").startswith('SELECT "requests_app_supportingdocument"')]


@pytest.mark.parametrize("step", ["step_general", "step_payment", "step_submit"])
def test_the_stepper_reads_nothing_but_the_request_row(signed_in, complete_request, step):
    """Periods, documents and the payment's uniqueness come as subqueries of the request's own SELECT; Solicitar CS
    does not read again the rows of sections those facts already show to pass."""
    queries = queries_of(signed_in, reverse(f"requests_app:{step}", args=[complete_request.pk]))
    request_reads = [sql for sql in queries if 'FROM "requests_app_certificationrequest"' in sql]
    assert len(request_reads) == 1
    assert not period_reads(queries)
    assert not document_reads(queries)


def test_solicitar_cs_reads_the_rows_of_a_section_only_to_list_its_problems(signed_in, complete_request):
    url = reverse("requests_app:step_submit", args=[complete_request.pk])
    first = ServicePeriod.objects.get(request=complete_request)
    ServicePeriodFactory(request=complete_request, start_date=first.start_date, end_date=first.end_date)

    queries = queries_of(signed_in, url)
    page = signed_in.get(url).content.decode()

    assert len(period_reads(queries)) == 1 and not document_reads(queries)
    assert "se traslapan." in page
    assert page.count("No se detectaron inconsistencias.") == 3
    assert "Solicitar CS</button>" not in page


def test_solicitar_cs_names_a_missing_document_without_reading_the_documents(signed_in, complete_request):
    SupportingDocument.objects.filter(request=complete_request, document_type=DocumentType.IGSS).delete()
    url = reverse("requests_app:step_submit", args=[complete_request.pk])

    queries = queries_of(signed_in, url)
    page = signed_in.get(url).content.decode()

    assert not document_reads(queries) and not period_reads(queries)
    assert "Falta el documento «Afiliación al IGSS»." in page
    assert "Falta el documento «DPI de ambos lados»." not in page
    assert "Solicitar CS</button>" not in page


def test_solicitar_cs_reads_the_documents_to_name_an_other_document_that_does_not_say_what_it_is(
    signed_in, complete_request
):
    add_document(complete_request, DocumentType.OTHER)
    url = reverse("requests_app:step_submit", args=[complete_request.pk])

    queries = queries_of(signed_in, url)
    page = signed_in.get(url).content.decode()

    assert len(document_reads(queries)) == 1
    assert "Especifique qué contiene el documento «x.pdf»." in page
    assert "Falta el documento" not in page


def test_the_stepper_follows_each_change_on_the_next_request(signed_in, draft, applicant):
    url = reverse("requests_app:step_general", args=[draft.pk])

    def done_steps():
        return steps_marked_done(signed_in.get(url))

    assert done_steps() == labels(WizardStep.GENERAL)
    period = ServicePeriodFactory(request=draft)
    assert done_steps() == labels(WizardStep.GENERAL, WizardStep.PERIODS)
    ServicePeriodFactory(request=draft, start_date=period.start_date, end_date=period.start_date)
    assert done_steps() == labels(WizardStep.GENERAL)
    ServicePeriod.objects.filter(request=draft).exclude(pk=period.pk).delete()
    services.payment_set(
        request=draft, user=applicant, method=PaymentMethod.DEPOSIT_SLIP, reference="b-77", payment_date=TODAY
    )
    assert done_steps() == labels(WizardStep.GENERAL, WizardStep.PERIODS, WizardStep.PAYMENT)


def steps_marked_done(response) -> list[str]:
    """The labels of the steps the page's stepper marks complete, as the applicant sees them (a kept page is not
    rendered as a whole on each request, so the test client's ``context`` does not hold its stepper)."""
    items = re.findall(
        r'<li class="(stepper__item[^"]*)">.*?<span class="stepper__label">([^<]+)</span>',
        response.content.decode(),
        re.S,
    )
    return [label for classes, label in items if "stepper__item--done" in classes]


def labels(*steps) -> list[str]:
    return [str(step.label) for step in steps]


def test_the_first_step_follows_the_third_partys_data(signed_in, applicant):
    person = ThirdPartyFactory(owner=applicant)
    draft = services.request_create(applicant=applicant, third_party=person)
    url = reverse("requests_app:step_general", args=[draft.pk])
    assert labels(WizardStep.GENERAL) == steps_marked_done(signed_in.get(url))
    person.notification_address = ""
    person.save()
    assert steps_marked_done(signed_in.get(url)) == []


def test_the_first_step_sends_corrections_to_whoever_the_data_belongs_to(signed_in, applicant, draft):
    own = signed_in.get(reverse("requests_app:step_general", args=[draft.pk])).content.decode()
    person = ThirdPartyFactory(owner=applicant)
    theirs = services.request_create(applicant=applicant, third_party=person)
    relative = signed_in.get(reverse("requests_app:step_general", args=[theirs.pk])).content.decode()

    assert f'href="{reverse("accounts:personal_data")}">Mis datos personales</a>' in own
    assert f'href="{reverse("requests_app:third_party_edit", args=[person.pk])}">Corregir datos del tercero</a>' in (
        relative
    )
    assert "Mis datos personales</a>" not in relative.split("form-actions")[1]


@pytest.mark.parametrize("current", list(WizardStep))
def test_the_stepper_kept_per_process_is_the_templates_markup_for_each_request(rf, current):
    template = engines["django"].from_string("{% load wizard_steps %}{% wizard_stepper stepper %}")
    some = (True, False, True, False, False)
    for pk, done in ((42, some), (7, some), (7, (False,) * 5)):
        stepper = Stepper(pk=pk, current=current, done=done)
        expected = render_to_string("requests_app/includes/stepper.html", {"stepper": stepper.items()})
        assert template.render({"stepper": stepper}, rf.get("/")) == expected


def test_the_unbound_period_form_kept_per_process_is_the_form_templates_markup_and_follows_the_catalogs(rf, catalogs):
    template = engines["django"].from_string("{% load wizard_steps %}{% unbound_form form %}")

    def both():  # each time a new request, which reads the versions afresh
        return (
            template.render({"form": ServicePeriodForm()}, rf.get("/")),
            render_to_string("includes/form.html", {"form": ServicePeriodForm()}),
        )

    kept, rendered = both()
    assert kept == rendered
    assert template.render({"form": ServicePeriodForm()}, rf.get("/")) == kept
    institution = Institution.objects.order_by("name").first()
    institution.name = "Zeta Institución Renombrada"
    institution.save()
    BudgetLine.objects.filter(is_active=True).update(is_active=False)  # in bulk, as an import writes its rows...
    catalog_signals.imported.send(sender=BudgetLine)  # ...and then says so
    kept, rendered = both()
    assert kept == rendered
    assert "Zeta Institución Renombrada" in kept
    assert 'name="budget_line"' in kept and "011 -" not in kept
    department = Department.objects.order_by("name").first()
    department.name = "Zeta Departamento"
    department.save()
    kept, rendered = both()
    assert kept == rendered and "Zeta Departamento" in kept


@given(day=st.dates())
def test_period_dates_are_written_as_the_date_filter_writes_them(day):
    assert wizard_steps.day_month_year(day) == dateformat.format(day, "d/m/Y")


@pytest.mark.parametrize("pk", [1, STAND_IN_NUMBER, int(f"{STAND_IN_NUMBER}7")])
def test_links_reversed_once_put_in_any_request_and_row_number_whole(pk):
    """The links are reversed once for stand-in numbers; a request whose number holds the stand-in's digits keeps it."""
    certification = CertificationRequest(pk=pk)
    remove = wizard_steps.numbered_link("requests_app:period_remove", certification)
    assert remove(STAND_IN_NUMBER) == reverse("requests_app:period_remove", args=[pk, STAND_IN_NUMBER])
    assert remove(3) == reverse("requests_app:period_remove", args=[pk, 3])
    assert wizard_steps.request_url("requests_app:step_general", pk) == reverse("requests_app:step_general", args=[pk])


def count_builds(monkeypatch, form_class) -> list:
    """The arguments of each ``form_class`` built from now on (still built as before)."""
    built = []
    build = form_class.__init__

    def counted(self, *args, **kwargs):
        built.append(args)
        build(self, *args, **kwargs)

    monkeypatch.setattr(form_class, "__init__", counted)
    return built


def test_step_2_shows_its_empty_form_from_the_kept_markup_without_building_it(signed_in, draft, monkeypatch, rf):
    url = reverse("requests_app:step_periods", args=[draft.pk])
    signed_in.get(url)  # keeps the markup
    build = ServicePeriodForm.__init__
    built = count_builds(monkeypatch, ServicePeriodForm)
    page = signed_in.get(url).content.decode()
    assert built == []
    assert page.count('name="institution"') == 1 and "-Seleccione una Institución-" in page
    assert "Este campo es obligatorio" not in page
    template = engines["django"].from_string("{% load wizard_steps %}{% unbound_form form %}")
    kept = template.render({"form": ServicePeriodForm}, rf.get("/"))
    monkeypatch.setattr(ServicePeriodForm, "__init__", build)
    assert kept == render_to_string("includes/form.html", {"form": ServicePeriodForm()})


def test_step_4_shows_its_cards_without_building_the_upload_form_and_an_empty_post_is_told_what_is_missing(
    signed_in, draft, monkeypatch
):
    url = reverse("requests_app:step_documents", args=[draft.pk])
    built = count_builds(monkeypatch, DocumentUploadForm)
    page = signed_in.get(url).content.decode()
    assert built == []
    assert page.count('type="file"') == DocumentRequirement.objects.filter(is_active=True).count()
    assert "resumen-errores" not in page

    page = signed_in.post(url, {}).content.decode()
    assert len(built) == 1
    assert 'id="resumen-errores"' in page and "<li>Este campo es necesario.</li>" in page


def test_step_3_shows_the_saved_payment_without_building_its_form_and_an_empty_post_is_told_what_is_missing(
    signed_in, draft, applicant, monkeypatch
):
    services.payment_set(
        request=draft, user=applicant, method=PaymentMethod.TRANSFER, reference="T445566", payment_date=TODAY
    )
    url = reverse("requests_app:step_payment", args=[draft.pk])
    signed_in.get(url)  # keeps the markup for a transfer with both boxes filled
    built = count_builds(monkeypatch, PaymentForm)
    page = signed_in.get(url).content.decode()
    assert built == []
    assert 'value="T445566"' in page and f'value="{TODAY:%d/%m/%Y}"' in page
    assert '<option value="transferencia" selected>' in page and "resumen-errores" not in page

    page = signed_in.post(url, {}).content.decode()
    assert len(built) == 1
    assert 'id="resumen-errores"' in page and 'aria-invalid="true"' in page
    assert CertificationRequest.objects.get(pk=draft.pk).payment_reference == "T445566"


def test_the_unbound_period_form_reads_no_catalog_once_kept(rf, catalogs, django_assert_num_queries):
    template = engines["django"].from_string("{% load wizard_steps %}{% unbound_form form %}")
    request = rf.get("/")
    template.render({"form": ServicePeriodForm()}, request)
    with django_assert_num_queries(0):
        template.render({"form": ServicePeriodForm()}, rf.get("/"))


def test_the_payment_form_kept_per_process_shows_each_applicants_own_values(rf, monkeypatch):
    """Rendered once per payment type and per which boxes are filled; each applicant's reference and date are put in,
    escaped, where the kept rendering holds their stand-ins."""
    template = engines["django"].from_string("{% load wizard_steps %}{% unbound_form form %}")
    renders = []

    def counted(*args, **options):
        renders.append(args)
        return keep(*args, **options)

    monkeypatch.setattr(wizard_steps, "kept_form_markup", counted)
    deposit = {"method": PaymentMethod.DEPOSIT_SLIP, "reference": "B0001", "payment_date": datetime.date(2026, 1, 5)}
    tricky = {**deposit, "reference": '<b>"§§value:payment_date§§"', "payment_date": datetime.date(2025, 12, 31)}
    by_class = engines["django"].from_string("{% load wizard_steps %}{% unbound_form form initial %}")
    for initial in (deposit, tricky, {}, {"method": PaymentMethod.TRANSFER, "reference": "T9"}):
        kept = template.render({"form": PaymentForm(initial=initial)}, rf.get("/"))
        assert kept == render_to_string("includes/form.html", {"form": PaymentForm(initial=initial)})
        assert by_class.render({"form": PaymentForm, "initial": initial}, rf.get("/")) == kept
    assert 'value="&lt;b&gt;&quot;§§value:payment_date§§&quot;"' in template.render(
        {"form": PaymentForm(initial=tricky)}, rf.get("/")
    )
    assert len(renders) == 3  # the tricky reference and date were put in the deposit slip's rendering


def test_a_bound_period_form_is_rendered_with_its_values_and_errors(rf, catalogs):
    template = engines["django"].from_string("{% load wizard_steps %}{% unbound_form form %}")
    form = ServicePeriodForm({"dependency": "Escuela"})
    assert template.render({"form": form}, rf.get("/")) == render_to_string("includes/form.html", {"form": form})
    assert 'value="Escuela"' in template.render({"form": form}, rf.get("/"))


def test_the_periods_step_reads_the_same_queries_for_one_period_or_ten(signed_in, draft):
    """Its rows come with the request, in the same query, in the order of their dates; the names they show
    (institution, budget line, municipality, department) come from the reference data kept per process."""
    url = reverse("requests_app:step_periods", args=[draft.pk])
    none = queries_of(signed_in, url)
    start = datetime.date(1990, 1, 1)
    ServicePeriodFactory(request=draft, start_date=start, end_date=start + datetime.timedelta(days=300))
    one = queries_of(signed_in, url)
    for year in range(2000, 1991, -1):
        day = datetime.date(year, 1, 1)
        ServicePeriodFactory(
            request=draft, start_date=day, end_date=day + datetime.timedelta(days=300), dependency=f"D{year}"
        )
    page = signed_in.get(url).content.decode()
    ten = queries_of(signed_in, url)
    general = queries_of(signed_in, reverse("requests_app:step_general", args=[draft.pk]))
    assert len(ten) == len(one) == len(none) == len(general)
    assert not period_reads(ten)
    assert [page.index(f"D{year}") for year in range(1992, 2001)] == sorted(
        page.index(f"D{year}") for year in range(1992, 2001)
    )
    period = draft.periods.select_related("municipality__department").last()
    assert f"{period.municipality.department.name}, {period.municipality.name}" in page
    assert page.count("Quitar período") == 10


def test_period_rows_drawn_from_the_kept_row_carry_each_periods_own_values_and_a_working_token(applicant, draft):
    """A value that looks like markup or like a stand-in of the kept row is shown as written; each row's form
    carries the page's own CSRF token, which removes that period."""
    ServicePeriodFactory(request=draft, dependency="<b>Escuela</b> §§place§§", position_title="Maestra & Directora")
    later = ServicePeriodFactory(
        request=draft, start_date=datetime.date(2001, 3, 9), end_date=datetime.date(2002, 1, 31)
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    page = client.get(reverse("requests_app:step_periods", args=[draft.pk])).content.decode()
    assert "&lt;b&gt;Escuela&lt;/b&gt; §§place§§" in page and "Maestra &amp; Directora" in page
    assert "Guatemala, Guatemala</td>" in page and "09/03/2001</td>" in page and "31/01/2002</td>" in page
    remove = reverse("requests_app:period_remove", args=[draft.pk, later.pk])
    assert f'<form method="post" action="{remove}">' in page and "Quitar período 2</button>" in page
    token = re.search(rf'action="{remove}">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert client.post(remove, {"csrfmiddlewaretoken": token[1]}).status_code == 302
    assert list(draft.periods.values_list("dependency", flat=True)) == ["<b>Escuela</b> §§place§§"]


def test_a_period_row_shows_what_staff_renamed_in_the_catalogs_on_the_next_page(signed_in, draft):
    """The names a row shows are kept per process until the reference data changes: a renamed institution, budget
    line, municipality or department shows on the next page, escaped."""
    period = ServicePeriodFactory(request=draft)
    url = reverse("requests_app:step_periods", args=[draft.pk])
    assert "Guatemala, Guatemala</td>" in signed_in.get(url).content.decode()
    renamed = {
        period.institution: "Oficina <Renombrada>",
        period.budget_line: "099",
        period.municipality: "Municipio Nuevo",
        period.municipality.department: "Departamento & Nuevo",
    }
    for entry, name in renamed.items():
        setattr(entry, "code" if entry is period.budget_line else "name", name)
        entry.save()
    page = signed_in.get(url).content.decode()
    assert "Oficina &lt;Renombrada&gt;<br>" in page and "099</td>" in page
    assert "Departamento &amp; Nuevo, Municipio Nuevo</td>" in page


def test_document_cards_drawn_from_kept_rows_carry_each_documents_own_values_and_a_working_token(applicant, draft):
    """The cards and the documents in them come from kept renderings: each shows its own values, escaped, its own
    links, and a form whose token removes that document."""
    dpi = add_document(draft, DocumentType.DPI)
    described = add_document(draft, DocumentType.OTHER, "<b>Constancia</b> §§label§§")
    undescribed = add_document(draft, DocumentType.OTHER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    url = reverse("requests_app:step_documents", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "&lt;b&gt;Constancia&lt;/b&gt; §§label§§ · x.pdf (1\xa0byte)" in page
    for document in (dpi, described, undescribed):
        assert f'href="{reverse("requests_app:document", args=[draft.pk, document.pk])}"' in page
    assert page.count("Reemplazar archivo") == 1  # the DPI's card, which takes one file; «Otro» takes more
    remove = reverse("requests_app:document_remove", args=[draft.pk, undescribed.pk])
    form = rf'action="{remove}" class="inline">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
    assert client.post(remove, {"csrfmiddlewaretoken": re.search(form, page)[1]}).status_code == 302
    assert set(draft.documents.values_list("pk", flat=True)) == {dpi.pk, described.pk}


def test_a_document_sent_with_errors_shows_them_on_its_own_card(signed_in, draft):
    url = reverse("requests_app:step_documents", args=[draft.pk])
    page = signed_in.post(url, {"document_type": DocumentType.OTHER, "specification": "<x>" * 50}).content.decode()
    assert 'id="especificar-otro-error"' in page and 'id="archivo-otro-error"' in page
    assert 'value="' + "&lt;x&gt;" * 50 + '" aria-invalid="true" aria-describedby="especificar-otro-error"' in page
    assert 'id="archivo-dpi-error"' not in page and page.count('aria-invalid="true"') == 2


def test_solicitar_cs_lists_each_sections_problems_escaped_under_a_link_to_its_step(signed_in, complete_request):
    document = add_document(complete_request, DocumentType.OTHER)
    SupportingDocument.objects.filter(pk=document.pk).update(original_name="<b>acta</b>.pdf")
    url = reverse("requests_app:step_submit", args=[complete_request.pk])

    page = signed_in.get(url).content.decode()

    problem = "Especifique qué contiene el documento «&lt;b&gt;acta&lt;/b&gt;.pdf»."
    documents_url = reverse("requests_app:step_documents", args=[complete_request.pk])
    assert f'<h3><a href="{documents_url}">4 - Documentos de Respaldo</a></h3>' in page
    assert f"<ul><li>{problem}</li></ul>" in page and "<b>acta</b>" not in page
    assert page.count('class="check check--ok"') == 3 and page.count('class="check check--problem"') == 1


@pytest.mark.parametrize("step", ["step_documents", "step_submit"])
def test_the_documents_and_submit_steps_read_the_same_queries_for_three_documents_or_eleven(
    signed_in, complete_request, step
):
    """The documents come in one query whatever their number, built once per process (``prepared``): on Documentos,
    the request's own, in the documents' order; Solicitar CS reads them when it has a problem of theirs to list (an
    «otro» that does not say what it is)."""
    url = reverse(f"requests_app:{step}", args=[complete_request.pk])
    add_document(complete_request, DocumentType.OTHER)
    four = queries_of(signed_in, url)
    for number in range(7):
        add_document(complete_request, DocumentType.OTHER, f"Constancia {number}")
    page = signed_in.get(url).content.decode()
    eleven = queries_of(signed_in, url)
    assert len(eleven) == len(four)
    assert len(document_reads(eleven)) == (0 if step == "step_documents" else 1)
    if step == "step_documents":
        assert len(eleven) == len(
            queries_of(signed_in, reverse("requests_app:step_general", args=[complete_request.pk]))
        )
        assert page.count("Ver Documento") == 11
        listed = wizard_request(complete_request.applicant, complete_request.pk, listing="documents").listed_documents
        assert listed == list(SupportingDocument.objects.filter(request=complete_request))
        assert [str(document) for document in listed][-7:] == [f"Otros Documentos: Constancia {n}" for n in range(7)]
    else:
        assert "Especifique qué contiene el documento «x.pdf»." in page


@pytest.mark.parametrize("step", ["step_periods", "step_documents", "step_submit"])
def test_the_documents_and_periods_statements_are_built_once_per_process(
    signed_in, complete_request, step, monkeypatch
):
    url = reverse(f"requests_app:{step}", args=[complete_request.pk])
    first = ServicePeriod.objects.get(request=complete_request)
    ServicePeriodFactory(request=complete_request, start_date=first.start_date, end_date=first.end_date)
    add_document(complete_request, DocumentType.OTHER)  # problems in both sections: Solicitar CS reads both
    signed_in.get(url)
    for statement in (parts._request_documents, parts._request_periods, request_with_documents, request_with_periods):
        monkeypatch.setattr(statement, "build", None)  # built: never called again
    page = signed_in.get(url).content.decode()
    if step == "step_submit":
        assert "se traslapan." in page and "Especifique qué contiene el documento «x.pdf»." in page
    elif step == "step_periods":
        assert page.count("Quitar período") == 2
    else:
        assert page.count("Ver Documento") == 4


def test_the_documents_listed_with_the_request_carry_every_column_of_the_model():
    assert set(parts.DOCUMENT_FIELDS) == {field.attname for field in SupportingDocument._meta.concrete_fields}
