"""Factories for test data. CUIs are valid and unique; passwords are known."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.identifiers import make_cui

PASSWORD = "Clave.Segura.2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@correo.gt")
    cui = factory.Sequence(lambda n: make_cui(30_000_000 + n * 13, "0101"))
    first_name = factory.Faker("first_name", locale="es_MX")
    last_name = factory.Faker("last_name", locale="es_MX")
    birth_date = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(extracted)
        if create:
            self.save()


class StaffFactory(UserFactory):
    is_staff = True


def pdf_upload(name="documento.pdf"):
    """A small, valid PDF as an uploaded file."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    output = io.BytesIO()
    writer.write(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type="application/pdf")


class ThirdPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requests_app.ThirdParty"

    owner = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name", locale="es_MX")
    last_name = factory.Faker("last_name", locale="es_MX")
    cui = factory.Sequence(lambda n: make_cui(50_000_000 + n * 17, "0301"))
    birth_date = factory.Faker("date_of_birth", minimum_age=40, maximum_age=90)
    gender = "F"
    relationship = "padre"
    municipality = factory.LazyFunction(lambda: _municipality("0101"))
    address = "5a. avenida 10-20, zona 1"
    notification_address = "5a. avenida 10-20, zona 1"


def _municipality(code):
    from catalogs.models import Municipality

    return Municipality.objects.get(code=code)


class CertificationRequestFactory(factory.django.DjangoModelFactory):
    """A draft request; pass ``state=`` to create it directly in another state."""

    class Meta:
        model = "requests_app.CertificationRequest"

    applicant = factory.SubFactory(UserFactory)


class ServicePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requests_app.ServicePeriod"

    request = factory.SubFactory(CertificationRequestFactory)
    institution = factory.LazyFunction(lambda: _catalog("Institution", "ONSEC"))
    dependency = "Departamento de Administración de Puestos"
    position_title = "Asistente Profesional IV"
    start_date = datetime.date(1990, 2, 1)
    end_date = datetime.date(1999, 10, 31)
    budget_line = factory.LazyFunction(lambda: _catalog("BudgetLine", "011"))
    municipality = factory.LazyFunction(lambda: _municipality("0101"))


def _catalog(model_name, code):
    from django.apps import apps

    return apps.get_model("catalogs", model_name).objects.get(code=code)


def complete_applicant(**user_fields):
    """A confirmed applicant whose personal data is complete (catalogs must be loaded)."""
    from accounts.models import Profile
    from catalogs.models import EthnicGroup, LinguisticCommunity, Municipality

    user = UserFactory(
        **{
            "first_name": "Luis",
            "second_name": "Arnoldo",
            "last_name": "Coguox",
            "identity_verified_at": timezone.now(),
            **user_fields,
        }
    )
    user.second_surname = user.second_surname or "Gómez"
    user.save()
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "igss_number": "186257028",
            "gender": "M",
            "ethnic_group": EthnicGroup.objects.get(code="LADINA"),
            "linguistic_community": LinguisticCommunity.objects.get(code="ESPANOL"),
            "nationality": "Guatemalteca",
            "phone": "5555-1234",
            "municipality": Municipality.objects.get(code="0101"),
            "zone": 1,
            "address": "13 calle 6-77 zona 1",
            "notification_address": "13 calle 6-77 zona 1",
        },
    )
    return user


def complete_draft(draft):
    """``draft`` with a period, the payment slip and the three required documents (requirements loaded): ready for
    Solicitar CS."""
    from requests_app import services
    from requests_app.constants import DocumentType, PaymentMethod

    ServicePeriodFactory(request=draft)
    services.payment_set(
        request=draft,
        user=draft.applicant,
        method=PaymentMethod.DEPOSIT_SLIP,
        reference=f"B{draft.pk:08d}",
        payment_date=timezone.localdate(),
    )
    for document_type in (DocumentType.DPI, DocumentType.IGSS, DocumentType.PAYMENT):
        services.document_upload(
            request=draft, user=draft.applicant, document_type=document_type, upload=pdf_upload(f"{document_type}.pdf")
        )
    draft.refresh_from_db()
    return draft


def mp4_bytes(seconds: float) -> bytes:
    """A minimal MP4 (ftyp + moov/mvhd + mdat) that declares ``seconds`` of duration."""
    import struct

    def box(kind, payload):
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    header = struct.pack(">B3xIIII", 0, 0, 0, 1000, int(seconds * 1000)) + struct.pack(">IH10x", 0x10000, 0x100)
    mvhd = box(b"mvhd", header + matrix + b"\0" * 24 + struct.pack(">I", 2))
    ftyp = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    return ftyp + box(b"moov", mvhd) + box(b"mdat", b"\0" * 64)


def jpeg_bytes(size=(80, 50)) -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(output, format="JPEG")
    return output.getvalue()


class AssistanceSubmissionFactory(factory.django.DjangoModelFactory):
    """A case sent through an assistance form (the CMS pages must exist: ``ensure_portal_content``)."""

    class Meta:
        model = "cms.AssistanceSubmission"

    page = factory.LazyFunction(lambda: _assistance_page())
    contact_name = factory.Faker("name", locale="es_MX")
    contact_email = factory.Sequence(lambda n: f"consulta{n}@correo.gt")
    cui = factory.Sequence(lambda n: make_cui(70_000_000 + n * 19, "0101"))
    phone = "5555-1234"
    message = "No puedo ingresar al portal con mi CUI."
    form_data = factory.LazyAttribute(
        lambda o: {
            "nombres": o.contact_name,
            "dpi": o.cui,
            "correo_electronico_de_contacto": o.contact_email,
            "consultasugerenciareclamo": o.message,
        }
    )


def _assistance_page():
    from cms.models import AssistanceFormPage

    return AssistanceFormPage.objects.order_by("path").first()
