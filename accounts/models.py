from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .cui import normalize_cui, validate_cui


def cui_field_validator(value):
    validate_cui(value)


class PersonName(models.Model):
    """The name parts used by Guatemalan identity documents (DPI, RENAP)."""

    first_name = models.CharField(_("primer nombre"), max_length=60, blank=True)
    second_name = models.CharField(_("segundo nombre"), max_length=60, blank=True)
    other_names = models.CharField(_("otros nombres"), max_length=120, blank=True)
    last_name = models.CharField(_("primer apellido"), max_length=60, blank=True)
    second_surname = models.CharField(_("segundo apellido"), max_length=60, blank=True)
    married_surname = models.CharField(_("apellido de casada"), max_length=60, blank=True)

    class Meta:
        abstract = True

    @property
    def given_names(self) -> str:
        return " ".join(p for p in (self.first_name, self.second_name, self.other_names) if p)

    @property
    def surnames(self) -> str:
        parts = [self.last_name, self.second_surname]
        if self.married_surname:
            parts.append(f"de {self.married_surname}")
        return " ".join(p for p in parts if p)

    def get_full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surnames) if p)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email=(username or "").strip().lower())

    def find_for_login(self, identifier: str):
        """The active user whose email or CUI is ``identifier``, or ``None``."""
        identifier = (identifier or "").strip()
        lookup = {"email": identifier.lower()} if "@" in identifier else {"cui": normalize_cui(identifier)}
        return self.filter(**lookup).first()

    def _create_user(self, email, cui, password, **extra_fields):
        if not email:
            raise ValueError("El correo electrónico es obligatorio.")
        if not cui:
            raise ValueError("El CUI es obligatorio.")
        user = self.model(email=self.normalize_email(email).lower(), cui=normalize_cui(cui), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, cui, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, cui, password, **extra_fields)

    def create_superuser(self, email, cui, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_confirmed_at", timezone.now())
        return self._create_user(email, cui, password, **extra_fields)


class User(PersonName, AbstractBaseUser, PermissionsMixin):
    """A person who signs in: an applicant or a member of staff.

    People sign in with their email or their CUI; both are unique. Emails are
    stored in lower case, and a functional constraint keeps them unique without
    regard to case even for rows written in bulk. An account whose email is not confirmed cannot sign
    in to the public portal.
    """

    email = models.EmailField(
        _("correo electrónico"),
        max_length=254,
        unique=True,
        error_messages={"unique": _("Ya existe una cuenta con este correo electrónico.")},
    )
    cui = models.CharField(
        _("CUI"),
        max_length=13,
        unique=True,
        validators=[cui_field_validator],
        help_text=_("Código Único de Identificación del DPI, 13 dígitos."),
        error_messages={"unique": _("Ya existe una cuenta con este CUI.")},
    )
    birth_date = models.DateField(_("fecha de nacimiento"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(_("correo confirmado el"), null=True, blank=True)
    is_staff = models.BooleanField(
        _("personal interno"),
        default=False,
        help_text=_("Puede ingresar al sistema administrativo."),
    )
    is_active = models.BooleanField(
        _("activo"),
        default=True,
        help_text=_("Desmarque esta opción en lugar de borrar la cuenta."),
    )
    date_joined = models.DateTimeField(_("fecha de registro"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["cui"]

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ["-date_joined"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("Ya existe una cuenta con este correo electrónico."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        self.cui = normalize_cui(self.cui)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        self.cui = normalize_cui(self.cui)

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None
