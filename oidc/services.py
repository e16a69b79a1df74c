"""Consents: granted, refused, revoked; each decision recorded. Registration of systems for automation."""

from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_grant_model, get_id_token_model, get_refresh_token_model

from .models import AuthorisedSystem, Consent, ConsentEvent


def active_consent(user, system) -> Consent | None:
    return Consent.objects.active().filter(user=user, system=system).first()


@transaction.atomic
def grant_consent(*, user, system, scopes, ip_address=None) -> Consent:
    """Record "Acepto" for these scopes (the union with what was already accepted)."""
    consent = Consent.objects.active().select_for_update().filter(user=user, system=system).first()
    scopes = [scope for scope in scopes if scope]
    if consent is None:
        consent = Consent.objects.create(user=user, system=system, scopes=" ".join(scopes))
    else:
        merged = consent.scope_list + [scope for scope in scopes if scope not in consent.scope_list]
        consent.scopes = " ".join(merged)
        consent.granted_at = timezone.now()
        consent.save(update_fields=["scopes", "granted_at"])
    ConsentEvent.objects.create(
        user=user, system=system, action=ConsentEvent.Action.GRANTED, scopes=" ".join(scopes), ip_address=ip_address
    )
    return consent


def refuse_consent(*, user, system, scopes, ip_address=None) -> ConsentEvent:
    return ConsentEvent.objects.create(
        user=user, system=system, action=ConsentEvent.Action.REFUSED, scopes=" ".join(scopes), ip_address=ip_address
    )


def revoke_tokens(*, user, system) -> int:
    """End every code, access, refresh and ID token this system holds for this person."""
    access_tokens = list(get_access_token_model().objects.filter(user=user, application=system))
    refresh_tokens = list(get_refresh_token_model().objects.filter(user=user, application=system, revoked=None))
    for refresh_token in refresh_tokens:
        refresh_token.revoke()
    for access_token in access_tokens:
        access_token.revoke()
    get_id_token_model().objects.filter(user=user, application=system).delete()
    get_grant_model().objects.filter(user=user, application=system).delete()
    return len(access_tokens) + len(refresh_tokens)


@transaction.atomic
def revoke_consent(*, consent, ip_address=None) -> None:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        return
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at"])
    revoke_tokens(user=consent.user, system=consent.system)
    ConsentEvent.objects.create(
        user=consent.user,
        system=consent.system,
        action=ConsentEvent.Action.REVOKED,
        scopes=consent.scopes,
        ip_address=ip_address,
    )


def register_system(
    *, name, redirect_uris, scopes=None, public=False, post_logout_redirect_uris=(), home_url=""
) -> tuple[AuthorisedSystem, str | None]:
    """Create a system; returns it and its client secret in clear (``None`` for public clients), shown only once."""
    from oauth2_provider.generators import generate_client_secret

    secret = None if public else generate_client_secret()
    system = AuthorisedSystem(
        name=name,
        redirect_uris=" ".join(redirect_uris),
        post_logout_redirect_uris=" ".join(post_logout_redirect_uris),
        client_type=AuthorisedSystem.CLIENT_PUBLIC if public else AuthorisedSystem.CLIENT_CONFIDENTIAL,
        authorization_grant_type=AuthorisedSystem.GRANT_AUTHORIZATION_CODE,
        algorithm=AuthorisedSystem.RS256_ALGORITHM,
        client_secret=secret or "",
        home_url=home_url,
    )
    if scopes:
        system.allowed_scopes = " ".join(dict.fromkeys(["openid", *scopes]))
    system.full_clean(exclude=["client_secret", "client_id"])
    system.save()
    return system, secret
