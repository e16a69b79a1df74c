"""What each scope lets an authorised system receive, in the words the consent page uses.

``openid`` is the sign-in itself (a pseudonymous identifier and the assurance level);
``cui`` carries the CUI and the birth date, and only systems allowed it in the admin may ask.
"""

from django.utils.translation import gettext_lazy as _
from oauth2_provider.scopes import BaseScopes

SCOPES = {
    "openid": _("Saber que usted ingresó con su cuenta del portal y con qué nivel se verificó su identidad"),
    "email": _("Su correo electrónico y si está confirmado"),
    "profile": _("Sus nombres y apellidos"),
    "cui": _("Su CUI (número de DPI) y su fecha de nacimiento"),
}
SCOPE_CHOICES = [(name, f"{name}: {description}") for name, description in SCOPES.items()]
BASIC_SCOPES = ["openid", "email", "profile"]

# Which scope each claim needs (OpenID Connect Core §5.4, plus the portal's own).
CLAIM_SCOPES = {
    "sub": "openid",
    "acr": "openid",
    "email": "email",
    "email_verified": "email",
    "given_name": "profile",
    "family_name": "profile",
    "name": "profile",
    "cui": "cui",
    "birthdate": "cui",
}


class PortalScopes(BaseScopes):
    """Every system may ask for the scopes its catalog entry allows, and no others."""

    def get_all_scopes(self):
        return SCOPES

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        if application is None:
            return list(SCOPES)
        return [scope for scope in SCOPES if scope in application.scope_list]

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return ["openid"]
