"""What every applicant page shares: the access decorators, the own-request lookup, pagination."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.cache import never_cache

from accounts.decorators import identity_verified_required, personal_data_required
from cms.settings_helpers import portal_settings
from core.pagination import page_of

from .. import prepared
from ..constants import state_labels
from ..forms import PAGE_SIZES
from ..models import CertificationRequest


def certification_requires_identity(request) -> bool:
    return portal_settings(request).certification_requires_identity


def applicant_view(view):
    """Signed in, with complete personal data and (if configured) a verified identity; never cached."""
    return never_cache(
        login_required(personal_data_required(identity_verified_required(certification_requires_identity)(view)))
    )


def paginated(request, queryset, filters) -> dict:
    """The page the list's filters ask for, and the filters (not read when the query is empty)."""
    per_page = filters.page_size() if request.GET else PAGE_SIZES[0]
    return {"filters": filters, "page": page_of(request, queryset, per_page)}


def applicant_list_view(view):
    """Like ``applicant_view`` without the identity gate: the page itself says what the identity
    requirement means for this person (Mis Solicitudes), before they click anything."""
    return never_cache(login_required(personal_data_required(view)))


SHOWN_VALUES = ("pk", "number", "state", "state_label", "subject_name")


def shown_values(certification) -> dict:
    """A request's words and numbers its pages show, by name: per request on a kept page (``render_kept``'s values)."""
    return {
        "pk": certification.pk,
        "number": certification.number,
        "state": certification.state,
        "state_label": state_labels()[certification.state],
        "subject_name": certification.subject_name,
    }


def own_request(user, pk) -> CertificationRequest:
    """The person's request, its applicant being ``user`` itself (its profile, read for the access check, is
    reused); 404 for anyone else's."""
    certification = prepared.own_request(user, pk)
    if certification is None:
        raise Http404
    return certification
