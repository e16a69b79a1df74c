"""The citizen's real IP address, seen through the trusted proxies in front of the portal.

django-axes (login lockouts) resolves the address with django-ipware from the
``AXES_IPWARE_*`` settings; ``client_ip`` reads the same settings, so django-ratelimit
(``RATELIMIT_IP_META_KEY``) and the addresses recorded on terms acceptance and recovery
requests agree with the lockouts. With no trusted proxy only ``REMOTE_ADDR`` counts: an
``X-Forwarded-For`` sent by the client itself is ignored.
"""

from django.conf import settings
from ipware.ip import get_client_ip


def client_ip(request) -> str | None:
    address, _routable = get_client_ip(
        request,
        proxy_order=settings.AXES_IPWARE_PROXY_ORDER,
        proxy_count=settings.AXES_IPWARE_PROXY_COUNT,
        request_header_order=settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
        strict=settings.IPWARE_STRICT,
    )
    return address or request.META.get("REMOTE_ADDR")
