import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PortalPasswordRuleValidator:
    """The manuals' rule: letters, numbers and symbols, with at least one upper-case letter."""

    def validate(self, password, user=None):
        problems = []
        if not re.search(r"[A-ZÁÉÍÓÚÑÜ]", password):
            problems.append(_("La contraseña debe tener al menos una letra mayúscula."))
        if not re.search(r"\d", password):
            problems.append(_("La contraseña debe tener al menos un número."))
        if not re.search(r"[^\w\s]|_", password):
            problems.append(_("La contraseña debe tener al menos un símbolo (por ejemplo . , ! $ # _)."))
        if problems:
            raise ValidationError(problems, code="password_rule")

    def get_help_text(self):
        return _("Use 8 o más caracteres con letras mayúsculas y minúsculas, números y símbolos.")
