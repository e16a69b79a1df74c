"""Realistic demo data: staff for every role and applicants with valid CUIs.

Everything is keyed by email and derived from the person's number, so running it
again creates only what is missing and large numbers are inserted in bulk.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Profile, TermsAcceptance
from catalogs.models import EthnicGroup, LinguisticCommunity, Municipality
from cms.models import TermsOfUsePage
from core.identifiers import make_cui

from .models import CertificateSigner
from .roles import CATALOG_ADMIN, CONTENT_EDITOR, IDENTITY_REVIEWER, REVIEWER, SIGNER, role, sync_roles

DEMO_DOMAIN = "demo.gob.gt"
DEMO_PASSWORD = "Portal.Demo.2026!"  # noqa: S105 - demo accounts only; seed_demo refuses without DEBUG

# Given names by gender, so a demo person's names (and the gender in their profile) agree.
FEMALE_NAMES = ["María", "Ana", "Rosa", "Marta", "Lucía", "Sofía", "Elena", "Gabriela", "Andrea", "Claudia"]
FEMALE_NAMES += ["Silvia", "Brenda", "Karla", "Mónica", "Ingrid"]
MALE_NAMES = ["José", "Juan", "Luis", "Carlos", "Jorge", "Pedro", "Miguel", "Francisco", "Mario", "Héctor"]
MALE_NAMES += ["Edgar", "Otto", "Byron", "Erick", "Marvin"]
FEMALE_SECOND_NAMES = ["Isabel", "Fernanda", "Guadalupe", "Beatriz", "Alejandra", "", ""]
MALE_SECOND_NAMES = ["Alejandro", "Antonio", "Enrique", "Rafael", "Ernesto", "", ""]
SURNAMES = [
    "García",
    "López",
    "Pérez",
    "Hernández",
    "González",
    "Rodríguez",
    "Morales",
    "Martínez",
    "Ramírez",
    "Castillo",
    "Méndez",
    "Cifuentes",
    "Ajú",
    "Xicará",
    "Tzoc",
    "Coyoy",
    "Chávez",
    "Orellana",
    "Barrios",
    "Sical",
    "Monterroso",
    "Estrada",
    "Pacheco",
    "Quiñónez",
    "Velásquez",
    "Reyes",
    "Juárez",
    "Batz",
    "Tuyuc",
    "Caal",
]


@dataclass(frozen=True)
class StaffAccount:
    email: str
    first_name: str
    last_name: str
    role: str | None
    superuser: bool = False


STAFF_ACCOUNTS = [
    StaffAccount(f"admin@{DEMO_DOMAIN}", "Administrador", "General", None, superuser=True),
    StaffAccount(f"revisor@{DEMO_DOMAIN}", "Rebeca", "Analista", REVIEWER),
    StaffAccount(f"firmante1@{DEMO_DOMAIN}", "Ana Lucía", "Analista", SIGNER),
    StaffAccount(f"firmante2@{DEMO_DOMAIN}", "Julio", "Jefatura", SIGNER),
    StaffAccount(f"firmante3@{DEMO_DOMAIN}", "Dora", "Directora", SIGNER),
    StaffAccount(f"identidad@{DEMO_DOMAIN}", "Irene", "Verificadora", IDENTITY_REVIEWER),
    StaffAccount(f"catalogos@{DEMO_DOMAIN}", "Carlos", "Catalogador", CATALOG_ADMIN),
    StaffAccount(f"editor@{DEMO_DOMAIN}", "Elisa", "Editora", CONTENT_EDITOR),
]


def applicant_email(number: int) -> str:
    return f"ciudadano{number}@{DEMO_DOMAIN}"


def person_cui(number: int, municipality_codes: list[str]) -> str:
    """A valid CUI unique to ``number`` (serials are spaced to avoid staff collisions)."""
    return make_cui(10_000_000 + number * 7, municipality_codes[number % len(municipality_codes)])


def applicant(number: int, municipality_codes: list[str], password_hash: str):
    rng = random.Random(number)
    female = rng.random() < 0.5
    user_model = get_user_model()
    today = timezone.localdate()
    return user_model(
        email=applicant_email(number),
        cui=person_cui(number, municipality_codes),
        password=password_hash,
        first_name=rng.choice(FEMALE_NAMES if female else MALE_NAMES),
        second_name=rng.choice(FEMALE_SECOND_NAMES if female else MALE_SECOND_NAMES),
        last_name=rng.choice(SURNAMES),
        second_surname=rng.choice(SURNAMES),
        birth_date=today - timedelta(days=rng.randint(20 * 365, 70 * 365)),
        email_confirmed_at=timezone.now(),
        identity_verified_at=timezone.now(),
    )


@transaction.atomic
def ensure_staff(groups) -> list[StaffAccount]:
    user_model = get_user_model()
    password_hash = make_password(DEMO_PASSWORD)
    for index, account in enumerate(STAFF_ACCOUNTS):
        user = user_model.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = user_model(
                email=account.email,
                cui=make_cui(90_000_000 + index * 11, "0101"),
                password=password_hash,
                first_name=account.first_name,
                last_name=account.last_name,
                birth_date=date(1985, 1, 1) + timedelta(days=index * 97),
                email_confirmed_at=timezone.now(),
            )
        user.is_superuser = account.superuser
        user.is_staff = account.superuser or (account.role is not None and role(account.role).is_staff)
        user.save()
        if account.role:
            user.groups.set([groups[account.role]])
    ensure_signers()
    return STAFF_ACCOUNTS


SIGNER_POSITIONS = [
    (f"firmante1@{DEMO_DOMAIN}", 1, CertificateSigner.KeyRole.ANALYST, "Analista de Certificaciones"),
    (f"firmante2@{DEMO_DOMAIN}", 2, CertificateSigner.KeyRole.HEAD, "Jefe del Departamento de Registro y Verificación"),
    (f"firmante3@{DEMO_DOMAIN}", 3, CertificateSigner.KeyRole.DIRECTOR, "Directora de Carrera Administrativa"),
]


def ensure_signers() -> None:
    """The three demo signers in order, unless staff already configured those positions."""
    user_model = get_user_model()
    for email, order, key_role, title in SIGNER_POSITIONS:
        if CertificateSigner.objects.filter(order=order, is_active=True).exists():
            continue
        user = user_model.objects.get(email=email)
        CertificateSigner.objects.update_or_create(
            user=user, defaults={"order": order, "key_role": key_role, "title": title, "is_active": True}
        )


@transaction.atomic
def ensure_applicants(count: int) -> int:
    """Make sure applicants 1..count exist; returns how many were created."""
    user_model = get_user_model()
    wanted = {applicant_email(n): n for n in range(1, count + 1)}
    existing = set(user_model.objects.filter(email__in=wanted).values_list("email", flat=True))
    missing = [n for email, n in wanted.items() if email not in existing]
    if not missing:
        return 0
    municipality_codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    password_hash = make_password(DEMO_PASSWORD)
    users = [applicant(n, municipality_codes, password_hash) for n in missing]
    created = bulk_create_with_history(users, user_model, batch_size=1000)
    if not created or created[0].pk is None:
        created = list(user_model.objects.filter(email__in=[u.email for u in users]))
    bulk_create_with_history(complete_profiles(created), Profile, batch_size=1000)
    terms = TermsOfUsePage.current()
    if terms is not None:
        TermsAcceptance.objects.bulk_create(
            [TermsAcceptance(user=user, revision_id=terms.live_revision_id) for user in created], batch_size=1000
        )
    return len(users)


def complete_profiles(users) -> list[Profile]:
    """Personal data complete enough to use every service right away."""
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    ethnic_groups = list(EthnicGroup.objects.values_list("pk", flat=True))
    communities = dict(LinguisticCommunity.objects.values_list("code", "pk"))
    profiles = []
    for user in users:
        rng = random.Random(user.email)
        profiles.append(
            Profile(
                user=user,
                igss_number=f"{rng.randrange(10**8, 10**9)}",
                gender="F" if user.first_name in FEMALE_NAMES else "M",
                ethnic_group_id=rng.choice(ethnic_groups),
                linguistic_community_id=communities.get(rng.choice(["ESPANOL", "KICHE", "KAQCHIKEL", "MAM", "QEQCHI"])),
                nationality="Guatemalteca",
                phone=f"{rng.randint(3000, 5999)}-{rng.randint(1000, 9999)}",
                municipality_id=rng.choice(municipalities),
                zone=rng.randint(1, 21),
                address=f"{rng.randint(1, 30)}a. calle {rng.randint(1, 20)}-{rng.randint(10, 99)}",
                notification_address=f"{rng.randint(1, 30)}a. avenida {rng.randint(1, 20)}-{rng.randint(10, 99)}",
            )
        )
    return profiles


def ensure_roles():
    return sync_roles()
