"""One view hands out every private file: to whoever the app's ownership check lets through, 404 to anyone else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from core.storage import private_storage
from core.views import PrivateFile, private_file_view
from requests_app.models import Certificate

pytestmark = pytest.mark.django_db

PRIVATE_FILES = {
    "identity evidence": lambda owned: reverse("accounts:identity_file", args=[owned.verification.pk, "anverso"]),
    "supporting document": lambda owned: reverse("requests_app:document", args=[owned.draft.pk, owned.document.pk]),
    "certificate": lambda owned: reverse("requests_app:certificate", args=[owned.issued.pk]),
}


def get(user, view, **kwargs):
    request = RequestFactory().get("/archivo/")
    request.user = user
    return view(request, **kwargs)


@pytest.mark.parametrize("kind", PRIVATE_FILES)
def test_the_owner_gets_the_file_privately_and_anyone_else_gets_404(client, owned, applicant, intruder, kind):
    url = PRIVATE_FILES[kind](owned)
    client.force_login(applicant)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"]
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(intruder)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_the_view_answers_with_what_the_ownership_check_found(applicant):
    def find(request, pk):
        assert request.user == applicant and pk == 7
        return PrivateFile(
            stored=ContentFile(b"%PDF-1.7", name="x.pdf"),
            filename="constancia.pdf",
            content_type="application/pdf",
            as_attachment=False,
        )

    response = get(applicant, private_file_view(find), pk=7)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="constancia.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7"


def test_the_ownership_check_saying_no_is_a_404(applicant):
    def not_yours(request, pk):
        raise Http404

    with pytest.raises(Http404):
        get(applicant, private_file_view(not_yours), pk=1)


def test_the_anonymous_get_404_without_the_check_being_asked():
    def never(request):
        raise AssertionError("an anonymous visitor reached the ownership check")

    with pytest.raises(Http404):
        get(AnonymousUser(), private_file_view(never))


def test_a_file_removed_by_retention_or_missing_from_storage_is_a_404(applicant, owned):
    certificate = Certificate.objects.get(request=owned.issued)
    gone = certificate.pdf
    private_storage().delete(gone.name)
    certificate.pdf = None
    for stored in (gone, certificate.pdf):
        view = private_file_view(lambda request, stored=stored: PrivateFile(stored, "c.pdf", "application/pdf"))
        with pytest.raises(Http404):
            get(applicant, view)
