"""System checks for what a production certificate needs (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def certificate_timestamping(app_configs, **kwargs):
    """Without a time-stamping authority a certificate cannot be signed as PAdES B-LTA."""
    if settings.CERTIFICATE_TSA.get("url"):
        return []
    return [
        checks.Warning(
            "No hay una autoridad de sellado de tiempo configurada (CERTIFICATE_TSA_URL): en producción las "
            "certificaciones no se podrán firmar.",
            hint="Defina CERTIFICATE_TSA_URL (y CERTIFICATE_TSA_USERNAME/CERTIFICATE_TSA_PASSWORD si los pide).",
            id="requests_app.W001",
        )
    ]
