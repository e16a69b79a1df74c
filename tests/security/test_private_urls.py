"""Every address of the portal is either public or private, and private means private.

- Anyone not signed in is sent to *Ingresar* and comes back afterwards (``?next=``); a private
  file's address answers 404 instead, so it does not even tell that something is there.
- Another citizen asking for the applicant's request, document, certificate, third party,
  notification or identity evidence gets 404, by GET and by POST, and nothing changes.
- The owner gets the page (or the redirect the page is meant to give).
- The two admins send a citizen to their own sign-in page.

A new URL in ``accounts``, ``requests_app``, ``oidc``, ``oauth2_provider`` (or at the top level) fails
``test_every_url_is_classified`` until it is added to ``PUBLIC`` or ``PRIVATE`` below.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, get_resolver, reverse

from accounts.models import Notification
from oidc.models import Consent
from requests_app.models import CertificationRequest, ServicePeriod, SupportingDocument, ThirdParty

pytestmark = pytest.mark.django_db

PUBLIC = {
    "health",
    "alive",
    "search",
    "verify",
    "verify_typed",
    "development_crl",
    "accounts:register",
    "accounts:registration_sent",
    "accounts:resend_confirmation",
    "accounts:confirm_email",
    "accounts:login",
    "accounts:logout",
    "accounts:password_recovery",
    "accounts:email_recovery",
    "accounts:confirm_new_email",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "catalogs:municipality_options",
    # OpenID Connect: discovery and keys are public; token, revocation and userinfo authenticate the
    # system (client credentials, PKCE or the bearer token), not a session; logout asks first.
    "oauth2_provider:oidc-connect-discovery-info",
    "oauth2_provider:jwks-info",
    "oauth2_provider:token",
    "oauth2_provider:revoke-token",
    "oauth2_provider:user-info",
    "oauth2_provider:rp-initiated-logout",
}
# Included URLconfs that are not ours, by prefix, with who may use them.
INCLUDED = {
    "admin/": "staff (Django admin)",
    "cms/": "staff (Wagtail admin)",
    "documentos/": "public (documents published in the CMS; Wagtail applies page privacy)",
    "captcha/": "public (captcha images)",
    "": "public (Wagtail pages)",
}


@dataclass(frozen=True)
class Private:
    args: Callable = field(default=lambda owned: [])
    get: bool = True  # answers GET (otherwise POST only)
    post: bool = False  # answers POST too
    owner: int = 200  # what the owner's request answers
    file: bool = False  # a private file: 404 to the anonymous

    @property
    def has_object(self):
        return self.args is not Private.args


def draft(owned):
    return [owned.draft.pk]


PRIVATE = {
    "accounts:accept_terms": Private(owner=302),  # no terms published: straight on to the dashboard
    "accounts:password_change": Private(post=True),
    "accounts:personal_data": Private(post=True),
    "accounts:identity": Private(post=True),
    "accounts:identity_file": Private(args=lambda o: [o.verification.pk, "anverso"], file=True),
    "accounts:dashboard": Private(),
    "accounts:legacy_welcome": Private(),
    "oauth2_provider:authorize": Private(owner=400),  # signed in, but no system asked: an error page
    "oidc:connected_systems": Private(),
    "oidc:revoke": Private(args=lambda o: [o.consent.pk], get=False, owner=302),
    "accounts:mailbox": Private(),
    "accounts:mark_all_read": Private(get=False, owner=302),
    "accounts:notification": Private(args=lambda o: [o.notification.pk], post=True),
    "requests_app:list": Private(),
    "requests_app:create": Private(get=False, owner=302),
    "requests_app:issued": Private(),
    "requests_app:third_parties": Private(),
    "requests_app:third_party_create": Private(post=True),
    "requests_app:third_party_edit": Private(args=lambda o: [o.third_party.pk], post=True),
    "requests_app:third_party_request": Private(args=lambda o: [o.third_party.pk], get=False, owner=302),
    "requests_app:resume": Private(args=draft, owner=302),
    "requests_app:step_general": Private(args=draft),
    "requests_app:step_periods": Private(args=draft, post=True),
    "requests_app:period_remove": Private(args=lambda o: [o.draft.pk, o.period.pk], get=False, owner=302),
    "requests_app:step_payment": Private(args=draft, post=True),
    "requests_app:step_documents": Private(args=draft, post=True),
    "requests_app:document": Private(args=lambda o: [o.draft.pk, o.document.pk], file=True),
    "requests_app:document_remove": Private(args=lambda o: [o.draft.pk, o.document.pk], get=False, owner=302),
    "requests_app:step_submit": Private(args=draft, post=True),
    "requests_app:submitted": Private(args=draft, owner=302),  # not sent yet: to its summary
    "requests_app:detail": Private(args=draft),
    "requests_app:history": Private(args=draft),
    "requests_app:delete": Private(args=draft, get=False, owner=302),
    "requests_app:certificate": Private(args=lambda o: [o.issued.pk], file=True),
}
WITH_OBJECTS = sorted(name for name, spec in PRIVATE.items() if spec.has_object)


def named_urls():
    """(name, None) for each named URL of ours; (None, prefix) for each URLconf included from elsewhere."""
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLPattern):
            yield entry.name, None
        elif entry.namespace in {"accounts", "catalogs", "requests_app", "oidc", "oauth2_provider"}:
            for pattern in entry.url_patterns:
                yield f"{entry.namespace}:{pattern.name}", None
        else:
            yield None, str(entry.pattern)


def test_every_url_is_classified():
    names = {name for name, _prefix in named_urls() if name}
    prefixes = {prefix for _name, prefix in named_urls() if prefix is not None}
    assert not PUBLIC & PRIVATE.keys()
    assert names - PUBLIC - PRIVATE.keys() == set(), "Clasifique la URL nueva como pública o privada"
    assert prefixes == INCLUDED.keys()
    assert (PUBLIC | PRIVATE.keys()) - names == set(), "URL clasificada que ya no existe"


def assert_sent_to_sign_in(response, path):
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == settings.LOGIN_URL == "/cuenta/ingresar/"
    assert parse_qs(location.query)["next"] == [path]


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_anonymous_visitors_are_sent_to_sign_in(client, owned, name):
    spec = PRIVATE[name]
    path = reverse(name, args=spec.args(owned))
    for method in ("get", "post") if spec.post or not spec.get else ("get",):
        response = getattr(client, method)(path)
        if spec.file:
            assert response.status_code == 404
        else:
            assert_sent_to_sign_in(response, path)


def snapshot(owned):
    """What a refused request must leave untouched."""
    return (
        list(CertificationRequest.objects.values_list("pk", "applicant_id", "state").order_by("pk")),
        list(ServicePeriod.objects.values_list("pk", "request_id", "position_title").order_by("pk")),
        list(SupportingDocument.objects.values_list("pk", "request_id", "sha256").order_by("pk")),
        list(ThirdParty.objects.values_list("pk", "owner_id", "first_name", "last_name").order_by("pk")),
        list(Notification.objects.values_list("pk", "recipient_id", "read_at").order_by("pk")),
        list(Consent.objects.values_list("pk", "user_id", "revoked_at").order_by("pk")),
    )


@pytest.mark.parametrize("name", WITH_OBJECTS)
def test_another_citizen_gets_404_and_changes_nothing(client, owned, intruder, name):
    spec = PRIVATE[name]
    path = reverse(name, args=spec.args(owned))
    before = snapshot(owned)
    client.force_login(intruder)
    if spec.get:
        assert client.get(path).status_code == 404
    if spec.post or not spec.get:
        form = {"first_name": "Cambiado", "token": "8c5b7a1e-0000-4000-8000-000000000000", "reference": "X1"}
        assert client.post(path, form).status_code == 404
    assert snapshot(owned) == before


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_the_owner_gets_the_page(client, owned, applicant, name):
    spec = PRIVATE[name]
    client.force_login(applicant)
    response = (client.get if spec.get else client.post)(reverse(name, args=spec.args(owned)))
    assert response.status_code == spec.owner
    if spec.file:
        assert b"".join(response.streaming_content)[:4] in {b"%PDF", b"\xff\xd8\xff\xe0"}


@pytest.mark.parametrize(
    ("path", "login"),
    [
        ("/admin/", "/admin/login/"),
        ("/admin/requests_app/certificationrequest/", "/admin/login/"),
        ("/admin/accounts/identityverification/", "/admin/login/"),
        ("/cms/", "/cms/login/"),
        ("/cms/pages/", "/cms/login/"),
    ],
)
def test_citizens_are_sent_to_the_admin_sign_in(client, applicant, path, login):
    client.force_login(applicant)
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == login
    assert parse_qs(location.query)["next"] == [path]


def test_citizens_do_not_reach_a_request_in_the_admin(client, owned, applicant):
    client.force_login(applicant)
    response = client.get(reverse("admin:requests_app_certificationrequest_change", args=[owned.draft.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
