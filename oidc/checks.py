"""Deployment checks: ID tokens need a signing key, and the pairwise ``sub`` a secret of its own."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def signing_key_configured(app_configs=None, **kwargs):
    from oauth2_provider.settings import oauth2_settings
    from oauth2_provider.utils import jwk_from_pem

    problems = []
    key = oauth2_settings.OIDC_RSA_PRIVATE_KEY
    if not key:
        problems.append(
            checks.Warning(
                "No hay llave para firmar los ID tokens de OpenID Connect: los sistemas autorizados no funcionarán.",
                hint="Defina OIDC_RSA_PRIVATE_KEY (PEM) u OIDC_RSA_PRIVATE_KEY_FILE.",
                id="oidc.W001",
            )
        )
    for pem in [key, *oauth2_settings.OIDC_RSA_PRIVATE_KEYS_INACTIVE] if key else []:
        try:
            jwk_from_pem(pem)
        except Exception as error:  # jwcrypto raises several kinds for a bad PEM
            problems.append(
                checks.Error(f"Una llave de firma de OpenID Connect no se puede leer: {error}", id="oidc.E001")
            )
    if not settings.OIDC_PAIRWISE_SALT:
        problems.append(
            checks.Warning(
                "El sub de OpenID Connect se deriva de SECRET_KEY: si la cambia, los sistemas dejarán de reconocer "
                "a las personas.",
                hint="Defina OIDC_PAIRWISE_SALT con un secreto propio que no cambie.",
                id="oidc.W002",
            )
        )
    return problems
