"""`seed_demo` builds a usable demo site, and running it again duplicates nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Site

from catalogs.models import Municipality
from cms.models import HomePage
from requests_app import demo
from requests_app.roles import ROLES

User = get_user_model()
pytestmark = pytest.mark.django_db


def seed(**options):
    options.setdefault("certificates", 0)
    call_command("seed_demo", allow_demo_accounts=True, verbosity=0, **options)


def test_seed_demo_issues_real_signed_certificates_for_the_first_citizens(
    dev_signers, django_capture_on_commit_callbacks
):
    from django.core import mail

    from requests_app.certificates.codes import sha256_hex
    from requests_app.certificates.signing import trust_config, validate_signatures
    from requests_app.constants import RequestState
    from requests_app.models import CertificationRequest

    with django_capture_on_commit_callbacks(execute=True):
        seed(users=3, certificates=2)
    issued = CertificationRequest.objects.filter(state=RequestState.ISSUED).select_related("certificate", "applicant")
    assert sorted(request.applicant.email for request in issued) == [demo.applicant_email(1), demo.applicant_email(2)]
    for request in issued:
        pdf = request.certificate.pdf.read()
        assert sha256_hex(pdf) == request.certificate.sha256
        assert all(entry["valid"] for entry in validate_signatures(pdf, trust_config()))
        assert list(request.events.values_list("to_state", flat=True))[-2:] == [
            RequestState.SIGNING,
            RequestState.ISSUED,
        ]
    outbox = len(mail.outbox)
    seed(users=3, certificates=2)
    assert CertificationRequest.objects.filter(state=RequestState.ISSUED).count() == 2  # idempotent
    assert len(mail.outbox) == outbox
    assert not CertificationRequest.objects.filter(
        state__in=[RequestState.ISSUED, RequestState.ANNULLED], certificate__isnull=True
    ).exists()


def test_seed_demo_creates_catalogs_pages_roles_staff_and_applicants():
    seed(users=7)
    assert Municipality.objects.count() == 340
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert set(Group.objects.values_list("name", flat=True)) >= {role.name for role in ROLES}
    assert User.objects.filter(email__startswith="ciudadano").count() == 7
    for account in demo.STAFF_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password(demo.DEMO_PASSWORD)
        if account.role:
            assert list(user.groups.values_list("name", flat=True)) == [account.role]


def test_seed_demo_is_idempotent_and_grows_on_demand():
    seed(users=3)
    counts = (User.objects.count(), Group.objects.count(), HomePage.objects.count())
    seed(users=3)
    assert (User.objects.count(), Group.objects.count(), HomePage.objects.count()) == counts
    seed(users=10)
    assert User.objects.filter(email__startswith="ciudadano").count() == 10


def test_seed_demo_refuses_known_passwords_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="contraseña conocida"):
        call_command("seed_demo", users=1, verbosity=0)


def test_demo_staff_sign_in_to_the_right_admin(client):
    seed(users=0)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": f"revisor@{demo.DEMO_DOMAIN}", "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/cuenta/salir/")

    editor = User.objects.get(email=f"editor@{demo.DEMO_DOMAIN}")
    response = client.post("/cms/login/", {"username": editor.cui, "password": demo.DEMO_PASSWORD})  # by CUI
    assert response.status_code == 302
    assert client.get("/cms/").status_code == 200
    assert client.get("/admin/").status_code == 302  # content editors are not back-office staff


def test_applicants_have_valid_unique_cuis():
    seed(users=50)
    cuis = list(User.objects.values_list("cui", flat=True))
    assert len(cuis) == len(set(cuis))
    for user in User.objects.all():
        user.full_clean(exclude=["password"])


def test_seed_demo_at_scale_leaves_no_history_gaps():
    """Several bulk batches: every row has its history, every reloj is one unbroken chain."""
    from itertools import groupby

    from requests_app.demo_requests import BATCH
    from requests_app.models import CertificationRequest, RequestEvent, ServicePeriod, SupportingDocument

    seed(users=20, requests=BATCH + 500)

    assert CertificationRequest.objects.count() == BATCH + 500
    for model in (CertificationRequest, ServicePeriod, SupportingDocument, User):
        without_history = model.objects.exclude(pk__in=model.history.values("id")).count()
        assert without_history == 0, f"{model.__name__}: {without_history} filas sin historial"
    states = dict(CertificationRequest.objects.values_list("pk", "state"))
    events = RequestEvent.objects.order_by("request_id", "created_at", "pk").values_list(
        "request_id", "from_state", "to_state"
    )
    chains = {pk: list(rows) for pk, rows in groupby(events, key=lambda row: row[0])}
    assert chains.keys() == states.keys(), "cada solicitud tiene su reloj"
    for pk, chain in chains.items():
        assert chain[0][1:] == ("", "en_creacion"), pk
        assert all(chain[i][1] == chain[i - 1][2] for i in range(1, len(chain))), pk
        assert chain[-1][2] == states[pk], pk
