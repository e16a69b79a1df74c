"""Whether a person's personal data is complete enough to use the services."""

from django.utils.translation import gettext_lazy as _

USER_REQUIRED = [
    ("first_name", _("Primer Nombre")),
    ("last_name", _("Primer Apellido")),
    ("birth_date", _("Fecha de Nacimiento")),
]
PROFILE_REQUIRED = [
    ("igss_number", _("Afiliación IGSS")),
    ("gender", _("Género")),
    ("ethnic_group_id", _("Etnia")),
    ("linguistic_community_id", _("Comunidad Sociolingüística")),
    ("nationality", _("Nacionalidad")),
    ("municipality_id", _("Municipio de Residencia")),
    ("address", _("Dirección")),
    ("notification_address", _("Dirección para Recibir Notificaciones")),
]


def profile_missing_fields(user) -> list[str]:
    """Labels of the required personal data this person has not filled in yet."""
    missing = [str(label) for field, label in USER_REQUIRED if not getattr(user, field)]
    profile = getattr(user, "profile", None) if user.pk else None
    if profile is None:
        return missing + [str(label) for _field, label in PROFILE_REQUIRED]
    return missing + [str(label) for field, label in PROFILE_REQUIRED if not getattr(profile, field)]


def is_profile_complete(user) -> bool:
    return not profile_missing_fields(user)
