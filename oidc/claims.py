"""What an authorised system learns about a person: a pairwise ``sub``, the assurance level and the consented data."""

from django.conf import settings
from django.utils.crypto import salted_hmac

ACR_IDENTITY_VERIFIED = "identidad-verificada"  # DPI + video approved by an identity reviewer
ACR_EMAIL_VERIFIED = "correo-verificado"  # an account whose email is confirmed, identity not verified
ACR_VALUES = [ACR_IDENTITY_VERIFIED, ACR_EMAIL_VERIFIED]


def pairwise_sub(user, client_id: str) -> str:
    """The person's identifier for one system: stable for that system, unlinkable across systems, never the CUI."""
    secret = settings.OIDC_PAIRWISE_SALT or settings.SECRET_KEY
    return salted_hmac("oidc.pairwise-sub", f"{client_id}:{user.pk}", secret=secret, algorithm="sha256").hexdigest()


def acr_for(user) -> str:
    return ACR_IDENTITY_VERIFIED if user.identity_verified_at else ACR_EMAIL_VERIFIED


def requested_acr(acr_values: str) -> str | None:
    """The level a system asked for with ``acr_values`` (the strongest one named), or ``None``."""
    values = (acr_values or "").split()
    return ACR_IDENTITY_VERIFIED if ACR_IDENTITY_VERIFIED in values else None


def user_claims(user, client_id: str) -> dict:
    """Every claim the portal can give, keyed by name; the validator keeps those the granted scopes allow."""
    return {
        "sub": pairwise_sub(user, client_id),
        "acr": acr_for(user),
        "email": user.email,
        "email_verified": user.email_confirmed,
        "given_name": user.given_names,
        "family_name": user.surnames,
        "name": user.get_full_name(),
        "cui": user.cui,
        "birthdate": user.birth_date.isoformat() if user.birth_date else None,
    }
