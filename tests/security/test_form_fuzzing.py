"""Every form of the portal, fed with generated hostile input through the test client.

For each example: no server error (status < 500); a refused form answers with its
errors in Spanish, shown on the page; what the input echoes back is escaped; and
nothing reaches the database that PostgreSQL would refuse (NUL characters, text
longer than its column), although the suite runs on SQLite by default.
"""

import datetime
import re
import uuid
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.auth.tokens import default_token_generator
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Length
from django.test import override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts import services as account_services
from accounts.models import EmailChangeRequest, Notification, Profile, User
from catalogs.loader import load_catalogs
from catalogs.models import Municipality
from cms.models import AssistanceFormPage, AssistanceSubmission
from cms.setup import ensure_home_page, ensure_portal_content, ensure_terms_page
from core.identifiers import make_cui
from requests_app import services
from requests_app.models import CertificationRequest, ServicePeriod, SupportingDocument, ThirdParty
from requests_app.setup import ensure_document_requirements
from tests.factories import PASSWORD, ThirdPartyFactory, UserFactory, complete_applicant, pdf_upload

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values that have broken web forms before: NUL, digits that are not 0-9, strings that
# grow when upper-cased, impossible dates, huge numbers, markup, traversal, RTL override.
SPECIALS = [
    "",
    " ",
    "\x00",
    "12\x0034",
    "0",
    "-1",
    "²²²²",
    "١٢٣٤٥٦٧٨٩٠١٢٣",
    "²²²²²²²²²²²²²",
    "𝟙𝟚𝟛𝟜",
    "9" * 40,
    "18446744073709551616",
    "1e309",
    "NaN",
    "Infinity",
    "31/02/2024",
    "9999-99-99",
    "0000-00-00",
    "29/02/2023",
    "9999-12-31",
    "01/01/0001",
    "32/13/2024",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "%00",
    "../../etc/passwd",
    "\u202egpj.exe",
    "ß" * 30,
    "ﬃ" * 12,
    "\r\n",
    "🇬🇹" * 20,
]
PLAIN_TEXT = st.text(max_size=40)
TEXT = st.one_of(
    PLAIN_TEXT,
    st.sampled_from(SPECIALS),
    PLAIN_TEXT.map(lambda text: f"{text}\x00"),
    st.integers(min_value=150, max_value=6000).map(lambda n: "x" * n),
    st.integers().map(str),
)
# A single value, or several values for the same key (or the key missing).
VALUE = st.one_of(TEXT, TEXT, st.lists(TEXT, max_size=3))
DATES = st.one_of(
    st.sampled_from(["31/02/2024", "9999-99-99", "9999-12-31", "0001-01-01", "01/01/0001", "29/02/2023", "1/1/1"]),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.dates().map(lambda day: day.isoformat()),
    VALUE,
)
IDS = st.one_of(st.sampled_from(["²", "١", "-1", "0", "9" * 30, "9223372036854775808"]), VALUE)
NUMBERS = st.one_of(st.integers().map(str), st.floats().map(str), st.decimals().map(str), VALUE)
EMAILS = st.one_of(st.emails(), VALUE)
LONG_EMAIL = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "com"  # 260 characters, valid syntax
GOOD_DATE = "20/05/1986"

ENGLISH = re.compile(
    r"This field|Enter a|Ensure this|Select a valid|Null characters|is required|valid (?:date|email|number)"
    r"|password is too|didn.t match|Invalid|must be|cannot be|not allowed",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Field:
    """A form field: values that pass its checks, and hostile ones."""

    good: tuple
    hostile: st.SearchStrategy

    @property
    def strategy(self) -> st.SearchStrategy:
        return st.one_of(st.sampled_from(self.good), self.hostile)


def one_of(*values, default=VALUE) -> Field:
    return Field(good=values, hostile=default)


CAPTCHA = {"captcha_0": one_of("prueba"), "captcha_1": one_of("PASSED")}


def form_data(**fields) -> st.SearchStrategy:
    """Mostly a good form with one to three hostile fields (so the later checks run), else all random."""
    good_keys = sorted(name for name, field in fields.items() if isinstance(field, Field))

    def build(hostile_keys) -> st.SearchStrategy:
        return st.fixed_dictionaries(
            {
                name: field
                if not isinstance(field, Field)
                else field.hostile
                if name in hostile_keys
                else st.sampled_from(field.good)
                for name, field in fields.items()
            }
        )

    mutated = st.lists(st.sampled_from(good_keys), max_size=3, unique=True).flatmap(build) if good_keys else build(())
    everything = st.fixed_dictionaries(
        {name: field.strategy if isinstance(field, Field) else field for name, field in fields.items()}
    )
    return st.one_of(mutated, mutated, everything)


def submitted_strings(data: dict) -> list[str]:
    strings = []
    for value in data.values():
        strings.extend(value if isinstance(value, list) else [value])
    return [str(s) for s in strings]


def reject_nul(execute, sql, params, many, context):
    """What PostgreSQL does with NUL characters in text, checked on SQLite too."""
    rows = params if many else [params]
    for row in rows or ():
        values = row.values() if isinstance(row, dict) else (row or ())
        for value in values:
            if isinstance(value, str) and "\x00" in value:
                raise AssertionError(f"NUL character sent to the database (PostgreSQL refuses it): {sql[:160]}")
    return execute(sql, params, many, context)


def assert_columns_fit(*model_classes):
    """No stored text is longer than its column (PostgreSQL would have refused the write)."""
    for model in model_classes:
        fields = [
            f for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.max_length is not None
        ]
        annotations = {f"_len_{f.attname}": Length(f.attname) for f in fields}
        condition = Q()
        for f in fields:
            condition |= Q(**{f"_len_{f.attname}__gt": f.max_length})
        too_long = model._default_manager.annotate(**annotations).filter(condition)
        assert not too_long.exists(), f"{model.__name__}: text longer than its column: {list(too_long.values())[:1]}"


def assert_safe_answer(response, data=None, form_key="form"):
    """< 500; a refused form shows Spanish errors; echoed input is escaped."""
    assert response.status_code < 500, response.status_code
    data = data or {}
    body = response.content.decode("utf-8", errors="replace")
    for value in submitted_strings(data):
        if "<script" in value or "onerror" in value:
            assert value not in body, "input echoed without escaping"
    if response.status_code != 200 or response.context is None:
        return
    form = response.context.get(form_key)
    if form is None or not getattr(form, "is_bound", False) or not form.errors:
        return
    messages = [message for errors in form.errors.values() for message in errors]
    assert messages
    for message in messages:
        text = message
        for value in submitted_strings(data):
            if len(value) >= 3:
                text = text.replace(value, "")
        assert not ENGLISH.search(text), f"error message not in Spanish: {message!r}"
        assert escape(message) in body, f"error not shown on the page: {message!r}"


class FuzzCase(TestCase):
    """Hypothesis' Django test case: each example runs in its own rolled-back transaction."""

    def setUp(self):
        super().setUp()
        wrapper = connection.execute_wrapper(reject_nul)
        wrapper.__enter__()
        self.addCleanup(wrapper.__exit__, None, None, None)


@override_settings(RATELIMIT_ENABLE=False, AXES_ENABLED=False)
class AccountFormsFuzz(FuzzCase):
    """Registration, sign-in and recovery: public forms anyone can post."""

    @classmethod
    def setUpTestData(cls):
        load_catalogs()
        ensure_home_page()
        cls.terms = ensure_terms_page()
        cls.user = UserFactory(birth_date=datetime.date(1986, 5, 20))
        cls.unconfirmed = UserFactory(email_confirmed_at=None)

    @FUZZ
    @given(
        form_data(
            cui=one_of(make_cui(71_234_567, "0101"), "2456 78901 0101"),
            birth_date=one_of(GOOD_DATE, default=DATES),
            email=one_of("nuevo@correo.gt", LONG_EMAIL, default=EMAILS),
            email2=one_of("nuevo@correo.gt", LONG_EMAIL, default=EMAILS),
            password1=one_of(PASSWORD),
            password2=one_of(PASSWORD),
            accept_terms=one_of("on"),
            **CAPTCHA,
        )
    )
    @example(
        {
            "cui": "²" * 13,
            "birth_date": GOOD_DATE,
            "email": "a@b.gt",
            "email2": "a@b.gt",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_terms": "on",
            "captcha_0": "x",
            "captcha_1": "PASSED",
        }
    )
    @example(
        {
            "cui": make_cui(71_234_567, "0101"),
            "birth_date": GOOD_DATE,
            "email": LONG_EMAIL,
            "email2": LONG_EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_terms": "on",
            "captcha_0": "x",
            "captcha_1": "PASSED",
        }
    )
    def test_registration(self, data):
        response = self.client.post(reverse("accounts:register"), data)
        assert_safe_answer(response, data)
        assert_columns_fit(User, Profile)

    @FUZZ
    @given(form_data(username=one_of("persona@correo.gt", "2456-78901-0101"), password=one_of(PASSWORD), **CAPTCHA))
    def test_sign_in(self, data):
        if data["username"] == "persona@correo.gt":
            data["username"] = self.user.email
        response = self.client.post(reverse("accounts:login"), data)
        assert_safe_answer(response, data)

    @FUZZ
    @given(form_data(identifier=VALUE, **CAPTCHA))
    def test_resend_confirmation(self, data):
        response = self.client.post(reverse("accounts:resend_confirmation"), data)
        assert_safe_answer(response, data)

    @FUZZ
    @given(form_data(cui=VALUE, **CAPTCHA))
    def test_password_recovery(self, data):
        response = self.client.post(reverse("accounts:password_recovery"), data)
        assert_safe_answer(response, data)

    @FUZZ
    @given(
        form_data(
            cui=one_of("USER"),
            birth_date=one_of(GOOD_DATE, default=DATES),
            new_email=one_of("otro@correo.gt", LONG_EMAIL, default=EMAILS),
            new_email2=one_of("otro@correo.gt", LONG_EMAIL, default=EMAILS),
            **CAPTCHA,
        )
    )
    @example(
        {
            "cui": "USER",
            "birth_date": GOOD_DATE,
            "new_email": LONG_EMAIL,
            "new_email2": LONG_EMAIL,
            "captcha_0": "x",
            "captcha_1": "PASSED",
        }
    )
    def test_email_recovery_without_email(self, data):
        if data["cui"] == "USER":
            data["cui"] = self.user.cui
        response = self.client.post(reverse("accounts:email_recovery"), data)
        assert_safe_answer(response, data)
        assert_columns_fit(EmailChangeRequest)

    @FUZZ
    @given(form_data(new_password1=one_of("Otra.Clave.2027"), new_password2=one_of("Otra.Clave.2027")))
    def test_password_reset_confirm(self, data):
        uid = urlsafe_base64_encode(force_bytes(self.user.pk))
        token = default_token_generator.make_token(self.user)
        link = self.client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))
        assert link.status_code == 302
        response = self.client.post(link["Location"], data)
        assert_safe_answer(response, data)

    @FUZZ
    @given(uid=TEXT.filter(bool), token=TEXT.filter(bool))
    def test_links_with_arbitrary_tokens(self, uid, token):
        for path in (
            f"/cuenta/recuperar/{quote(uid, safe='')}/{quote(token, safe='')}/",
            f"/cuenta/confirmar/{quote(token, safe='')}/",
            f"/cuenta/recuperar/correo-nuevo/{quote(token, safe='')}/",
        ):
            assert_safe_answer(self.client.get(path))

    @FUZZ
    @given(
        form_data(
            old_password=one_of(PASSWORD),
            new_password1=one_of("Otra.Clave.2027"),
            new_password2=one_of("Otra.Clave.2027"),
        )
    )
    def test_password_change(self, data):
        account_services.accept_terms(user=self.user, revision=self.terms.live_revision)
        self.client.force_login(self.user)
        response = self.client.post(reverse("accounts:password_change"), data)
        assert_safe_answer(response, data)

    @FUZZ
    @given(
        data=form_data(accept_terms=one_of("on", "true")),
        next_url=one_of("/tablero/", "//evil.example/", "https://evil.example/").strategy,
    )
    def test_accept_terms(self, data, next_url):
        self.client.force_login(self.unconfirmed)
        next_value = next_url if isinstance(next_url, str) else ""
        response = self.client.post(f"{reverse('accounts:accept_terms')}?next={quote(next_value)}", data)
        assert_safe_answer(response, data)
        if response.status_code == 302:
            assert not response["Location"].startswith(("//", "http")), response["Location"]


@override_settings(RATELIMIT_ENABLE=False, AXES_ENABLED=False)
class SignedInFormsFuzz(FuzzCase):
    """What an applicant posts once signed in: profile, identity, casillero, wizard, terceros."""

    @classmethod
    def setUpTestData(cls):
        load_catalogs()
        ensure_document_requirements()
        ensure_home_page()
        cls.terms = ensure_terms_page()
        cls.applicant = complete_applicant()
        cls.newcomer = UserFactory()
        for person in (cls.applicant, cls.newcomer):
            account_services.accept_terms(user=person, revision=cls.terms.live_revision)
        cls.draft = services.request_create(applicant=cls.applicant)
        cls.period = services.period_add(
            request=cls.draft,
            user=cls.applicant,
            institution=cls._first("Institution"),
            dependency="Dirección",
            position_title="Asistente",
            start_date=datetime.date(1990, 1, 1),
            end_date=datetime.date(1991, 1, 1),
            budget_line=cls._first("BudgetLine"),
            municipality=Municipality.objects.get(code="0101"),
        )
        cls.person = ThirdPartyFactory(owner=cls.applicant)
        account_services.notify(recipient=cls.applicant, title="Aviso", body="Algo nuevo.", link="/tablero/")
        municipality = Municipality.objects.get(code="0101")
        cls.department_id, cls.municipality_id = str(municipality.department_id), str(municipality.pk)
        cls.institution_id = str(cls._first("Institution").pk)
        cls.budget_line_id = str(cls._first("BudgetLine").pk)

    @staticmethod
    def _first(model_name):
        from django.apps import apps

        return apps.get_model("catalogs", model_name).objects.order_by("pk").first()

    def sign_in(self, user=None):
        self.client.force_login(user or self.applicant)

    def geography(self):
        return {"department": self.department_id, "municipality": self.municipality_id}

    @FUZZ
    @given(
        form_data(
            first_name=one_of("Ana"),
            second_name=one_of(""),
            other_names=one_of(""),
            last_name=one_of("Pérez"),
            second_surname=one_of(""),
            married_surname=one_of(""),
            birth_date=one_of(GOOD_DATE, default=DATES),
            nit=one_of("576937K", "1234567-1"),
            igss_number=one_of("186257028"),
            id_card_order=one_of(""),
            id_card_register=one_of(""),
            gender=one_of("F", "M"),
            ethnic_group=one_of("1", default=IDS),
            linguistic_community=one_of("1", default=IDS),
            nationality=one_of("Guatemalteca"),
            phone=one_of("5555-1234"),
            department=one_of("DEPARTMENT", default=IDS),
            municipality=one_of("MUNICIPALITY", default=IDS),
            zone=one_of("1", "25", "26", "-1", "32768", "99999999999999999999", default=NUMBERS),
            address=one_of("13 calle 6-77 zona 1"),
            notification_address=one_of("13 calle 6-77 zona 1"),
        )
    )
    @example(
        {
            "first_name": "Ana",
            "last_name": "Pérez",
            "birth_date": GOOD_DATE,
            "igss_number": "²²²²²²²",
            "gender": "F",
            "nationality": "Guatemalteca",
            "phone": "²²²²-²²²²",
            "department": "²",
            "municipality": "²",
            "address": "x",
            "notification_address": "x",
        }
    )
    def test_personal_data(self, data):
        data = {
            key: (
                self.department_id
                if value == "DEPARTMENT"
                else self.municipality_id
                if value == "MUNICIPALITY"
                else value
            )
            for key, value in data.items()
        }
        self.sign_in(self.newcomer)
        response = self.client.post(reverse("accounts:personal_data"), data)
        assert_safe_answer(response, data)
        assert_columns_fit(User, Profile)
        profile = Profile.objects.filter(user=self.newcomer).first()
        if response.status_code == 302 and profile is not None:
            assert re.fullmatch(r"\d{6,13}", profile.igss_number), profile.igss_number
            assert profile.phone == "" or re.fullmatch(r"\d{4}-\d{4}", profile.phone), profile.phone

    @FUZZ
    @given(department=VALUE)
    @example(department="²")
    @example(department="١٢")
    @example(department="9" * 40)
    def test_municipality_options(self, department):
        response = self.client.get(reverse("catalogs:municipality_options"), {"department": department})
        assert_safe_answer(response)

    @FUZZ
    @given(form_data(cui=one_of("OWN"), dpi_front=VALUE, dpi_back=VALUE, video=VALUE))
    def test_identity_verification_text_fields(self, data):
        self.sign_in(self.newcomer)
        if data["cui"] == "OWN":
            data["cui"] = self.newcomer.cui
        response = self.client.post(reverse("accounts:identity"), data)
        assert_safe_answer(response, data)

    @FUZZ
    @given(page=VALUE, junk=form_data(pagina=VALUE, all=VALUE), notification=st.integers(min_value=0))
    def test_casillero(self, page, junk, notification):
        self.sign_in()
        assert_safe_answer(self.client.get(reverse("accounts:mailbox"), {"pagina": page}))
        assert_safe_answer(self.client.post(reverse("accounts:mark_all_read"), junk))
        assert_safe_answer(self.client.get(f"/casillero/{notification}/"))
        assert Notification.objects.filter(recipient=self.applicant).exists()

    @FUZZ
    @given(junk=form_data(anything=VALUE, step=VALUE))
    def test_wizard_general_data(self, junk):
        self.sign_in()
        url = reverse("requests_app:step_general", args=[self.draft.pk])
        assert_safe_answer(self.client.get(url, junk))
        assert_safe_answer(self.client.post(url, junk))

    @FUZZ
    @given(
        form_data(
            institution=one_of("INSTITUTION", default=IDS),
            dependency=one_of("Dirección de Recursos Humanos"),
            position_title=one_of("Analista"),
            start_date=one_of("2001-02-01", "01/02/2001", default=DATES),
            end_date=one_of("2002-02-01", "31/12/2002", default=DATES),
            budget_line=one_of("BUDGET", default=IDS),
            department=one_of("DEPARTMENT", default=IDS),
            municipality=one_of("MUNICIPALITY", default=IDS),
        )
    )
    def test_wizard_periods(self, data):
        replacements = {
            "INSTITUTION": self.institution_id,
            "BUDGET": self.budget_line_id,
            "DEPARTMENT": self.department_id,
            "MUNICIPALITY": self.municipality_id,
        }
        data = {key: replacements.get(value, value) if isinstance(value, str) else value for key, value in data.items()}
        self.sign_in()
        response = self.client.post(reverse("requests_app:step_periods", args=[self.draft.pk]), data)
        assert_safe_answer(response, data)
        assert_columns_fit(ServicePeriod)

    @FUZZ
    @given(period_id=st.one_of(st.integers(min_value=0), st.just(2**70)), junk=form_data(x=VALUE))
    def test_wizard_period_remove(self, period_id, junk):
        self.sign_in()
        response = self.client.post(f"/certificaciones/{self.draft.pk}/periodos/{period_id}/quitar/", junk)
        assert_safe_answer(response)
        response = self.client.post(f"/certificaciones/{period_id}/periodos/{self.period.pk}/quitar/", junk)
        assert_safe_answer(response)

    @FUZZ
    @given(
        form_data(
            method=one_of("boleta", "transferencia", "deposito"),
            reference=one_of("B00012345", "ß" * 30, "ﬃ" * 12, "ǆ" * 30),
            payment_date=one_of("2024-01-15", "15/01/2024", default=DATES),
            amount=one_of("16.50", default=NUMBERS),
        )
    )
    @example({"method": "boleta", "reference": "ß" * 30, "payment_date": "2024-01-15", "amount": "16.50"})
    def test_wizard_payment_slip(self, data):
        from requests_app.constants import PaymentMethod

        if data["method"] == "deposito":
            data["method"] = PaymentMethod.DEPOSIT_SLIP
        self.sign_in()
        response = self.client.post(reverse("requests_app:step_payment", args=[self.draft.pk]), data)
        assert_safe_answer(response, data)
        assert_columns_fit(CertificationRequest)

    @FUZZ
    @given(
        data=form_data(
            document_type=one_of("DPI", "OTRO", "dpi", "otro"), specification=one_of("", "Constancia laboral")
        ),
        with_file=st.booleans(),
    )
    def test_wizard_documents_text_fields(self, data, with_file):
        from requests_app.constants import DocumentType

        types = {choice.lower(): choice for choice in DocumentType.values}
        if isinstance(data["document_type"], str) and data["document_type"].lower() in types:
            data["document_type"] = types[data["document_type"].lower()]
        if with_file:
            data["file"] = pdf_upload()
        self.sign_in()
        response = self.client.post(reverse("requests_app:step_documents", args=[self.draft.pk]), data)
        data.pop("file", None)
        assert_safe_answer(response, data)
        assert_columns_fit(SupportingDocument)

    @FUZZ
    @given(junk=form_data(confirm=VALUE, submit=VALUE))
    def test_wizard_submit(self, junk):
        self.sign_in()
        response = self.client.post(reverse("requests_app:step_submit", args=[self.draft.pk]), junk)
        assert_safe_answer(response)

    @FUZZ
    @given(
        data=form_data(
            first_name=one_of("Rosa"),
            second_name=one_of(""),
            other_names=one_of(""),
            last_name=one_of("López"),
            second_surname=one_of(""),
            married_surname=one_of(""),
            cui=one_of(make_cui(81_234_567, "0301"), default=st.one_of(st.just("²" * 13), VALUE)),
            nit=one_of("576937K"),
            birth_date=one_of("1950-03-04", default=DATES),
            gender=one_of("F", "M"),
            relationship=one_of("padre", "conyuge"),
            is_alive=one_of("on", "true", "false"),
            email=one_of("rosa@correo.gt", LONG_EMAIL, default=EMAILS),
            phone=one_of("5555-1234"),
            nationality=one_of("Guatemalteca"),
            department=one_of("DEPARTMENT", default=IDS),
            municipality=one_of("MUNICIPALITY", default=IDS),
            zone=one_of("1", "26", "32768", default=NUMBERS),
            address=one_of("Zona 1"),
            notification_address=one_of("Zona 1"),
        ),
        edit=st.booleans(),
    )
    def test_third_party_create_and_edit(self, data, edit):
        replacements = {"DEPARTMENT": self.department_id, "MUNICIPALITY": self.municipality_id}
        data = {key: replacements.get(value, value) if isinstance(value, str) else value for key, value in data.items()}
        self.sign_in()
        url = (
            reverse("requests_app:third_party_edit", args=[self.person.pk])
            if edit
            else reverse("requests_app:third_party_create")
        )
        response = self.client.post(url, data)
        assert_safe_answer(response, data)
        assert_columns_fit(ThirdParty)

    @FUZZ
    @given(
        token=one_of(str(uuid.uuid4()), str(uuid.uuid4()).upper(), "{" + str(uuid.uuid4()) + "}").strategy, junk=VALUE
    )
    def test_request_create(self, token, junk):
        self.sign_in()
        for url in (reverse("requests_app:create"), reverse("requests_app:third_party_request", args=[self.person.pk])):
            response = self.client.post(url, {"token": token, "extra": junk})
            assert_safe_answer(response)
            assert response.status_code == 302

    @FUZZ
    @given(form_data(estado=VALUE, buscar=VALUE, mostrar=one_of("10", "25", "9999", "-1"), pagina=VALUE))
    @example({"estado": "", "buscar": "²", "mostrar": "10", "pagina": "1"})
    @example({"estado": "", "buscar": "²²²²²²²²²²²²²", "mostrar": "25", "pagina": "²"})
    def test_request_and_third_party_lists(self, query):
        self.sign_in()
        assert_safe_answer(self.client.get(reverse("requests_app:list"), query))
        assert_safe_answer(self.client.get(reverse("requests_app:third_parties"), query))


@override_settings(RATELIMIT_ENABLE=False, AXES_ENABLED=False)
class PublicPagesFuzz(FuzzCase):
    """Search, certificate verification and the assistance forms (Wagtail)."""

    @classmethod
    def setUpTestData(cls):
        ensure_home_page()
        ensure_portal_content()

    @FUZZ
    @given(q=VALUE, page=VALUE)
    @example(q="\x00", page="1")
    @example(q='"', page="0")
    @example(q='boleta"', page="1")
    @example(q="'", page="1")
    @example(q="*", page="1")
    @example(q="NEAR(", page="1")
    @example(q="-", page="1")
    @example(q='"boleta" AND OR NOT (* ^', page="99999999999999999999")
    def test_search(self, q, page):
        response = self.client.get(reverse("search"), {"q": q, "pagina": page})
        assert_safe_answer(response)

    def test_search_with_quotes_still_finds_pages(self):
        plain = self.client.get(reverse("search"), {"q": "boleta"}).context["results"]
        quoted = self.client.get(reverse("search"), {"q": '"boleta'}).context["results"]
        assert plain.paginator.count > 0
        assert [page.pk for page in quoted] == [page.pk for page in plain]

    @FUZZ
    @given(code=TEXT.filter(lambda code: code.strip("/") != ""), formato=one_of("json", "html").strategy)
    @example(code="\x00", formato="json")
    @example(code="A" * 5000, formato="html")
    def test_verify_page(self, code, formato):
        path = f"/verificar/{quote(code, safe='')}/"
        assert_safe_answer(self.client.get(path, {"formato": formato}))
        assert_safe_answer(self.client.post(path, {"pdf": code}))

    @FUZZ
    @given(
        form_data(
            nombres=one_of("María José"),
            apellidos=one_of("Pérez López"),
            dpi=one_of(make_cui(91_234_567, "0101"), default=st.one_of(st.just("²" * 13), VALUE)),
            genero=one_of("Femenino", "Masculino"),
            edad=one_of("35", "17", "121", "9" * 30, "1e3", default=NUMBERS),
            telefono_de_contacto=one_of("5555-1234", "+502 2321-4800"),
            correo_electronico_de_contacto=one_of("maria@correo.gt", LONG_EMAIL, default=EMAILS),
            confirmar_correo_electronico_de_contacto=one_of("maria@correo.gt", LONG_EMAIL, default=EMAILS),
            consultasugerenciareclamo=one_of("Necesito ayuda con mi solicitud."),
            **CAPTCHA,
        )
    )
    def test_assistance_form(self, data):
        page = AssistanceFormPage.objects.live().first()
        names = {field.clean_name for field in page.get_form_fields()}
        known = {key for key in data if not key.startswith("captcha")}
        assert known <= names, names - known
        response = self.client.post(page.url, data)
        assert_safe_answer(response, data)
        assert_columns_fit(AssistanceSubmission)
