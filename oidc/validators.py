from oauth2_provider.oauth2_validators import OAuth2Validator

from .claims import user_claims
from .models import AuthorisedSystem
from .scopes import CLAIM_SCOPES


class PortalOAuth2Validator(OAuth2Validator):
    """The toolkit's validator with the portal's claims: pairwise ``sub``, ``acr`` and scope-gated data."""

    oidc_claim_scope = CLAIM_SCOPES

    def get_additional_claims(self, request):
        return user_claims(request.user, request.client.client_id)

    def get_discovery_claims(self, request):
        return list(CLAIM_SCOPES)

    def get_oidc_claims(self, token, token_handler, request):
        claims = super().get_oidc_claims(token, token_handler, request)
        return {name: value for name, value in claims.items() if value not in (None, "")}

    def is_pkce_required(self, client_id, request):
        """Public clients must use PKCE (S256); a confidential client that sends a challenge is held to it too."""
        client_type = AuthorisedSystem.objects.filter(client_id=client_id).values_list("client_type", flat=True).first()
        return client_type != AuthorisedSystem.CLIENT_CONFIDENTIAL
