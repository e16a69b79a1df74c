from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from core.identifiers import normalize_cui, validate_cui
from core.prepared import PreparedQuery
from core.storage import private_storage

from .constants import EmailChangeState, Gender, IdentityState


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

    # filter(None, …) keeps the parts that are not empty, without a generator's step per part (lists of names).
    @property
    def given_names(self) -> str:
        return " ".join(filter(None, (self.first_name, self.second_name, self.other_names)))

    @property
    def surnames(self) -> str:
        married = f"de {self.married_surname}" if self.married_surname else ""
        return " ".join(filter(None, (self.last_name, self.second_surname, married)))

    def get_full_name(self) -> str:
        return " ".join(filter(None, (self.given_names, self.surnames)))


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
    identity_verified_at = models.DateTimeField(_("identidad verificada el"), null=True, blank=True)
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
    legacy_source = models.CharField(
        _("importada de"),
        max_length=20,
        blank=True,
        help_text=_("Sistema anterior del que se importó la cuenta (cape); vacío si se registró aquí."),
    )

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

    @property
    def is_unconfirmed_import(self) -> bool:
        """An account imported from another system whose owner has not confirmed the email here yet."""
        return bool(self.legacy_source) and not self.email_confirmed


class Profile(models.Model):
    """*Mis datos personales*: what the ONSEC manual asks beyond the account itself."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("usuario"))
    nit = models.CharField(_("NIT"), max_length=12, blank=True)
    igss_number = models.CharField(_("afiliación IGSS"), max_length=20, blank=True)
    id_card_order = models.CharField(_("número de orden (cédula)"), max_length=5, blank=True)
    id_card_register = models.CharField(_("número de registro (cédula)"), max_length=10, blank=True)
    gender = models.CharField(_("género"), max_length=1, choices=Gender.choices, blank=True)
    ethnic_group = models.ForeignKey(
        "catalogs.EthnicGroup", verbose_name=_("etnia"), on_delete=models.PROTECT, null=True, blank=True
    )
    linguistic_community = models.ForeignKey(
        "catalogs.LinguisticCommunity",
        verbose_name=_("comunidad sociolingüística"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    nationality = models.CharField(_("nacionalidad"), max_length=60, default="Guatemalteca")
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    municipality = models.ForeignKey(
        "catalogs.Municipality",
        verbose_name=_("municipio de residencia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    zone = models.PositiveSmallIntegerField(_("zona"), null=True, blank=True)
    address = models.CharField(_("dirección"), max_length=255, blank=True)
    notification_address = models.CharField(_("dirección para recibir notificaciones"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("datos personales")
        verbose_name_plural = _("datos personales")

    def __str__(self):
        return str(self.user)

    @property
    def casillero_number(self) -> str:
        """The account's electronic mailbox number, e.g. ``CE-00000042``."""
        return f"CE-{self.user_id:08d}"


class TermsAcceptance(models.Model):
    """Who accepted which published version of the terms of use, when and from where."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="terms_acceptances")
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("versión aceptada"), on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("aceptado el"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("aceptación de términos")
        verbose_name_plural = _("aceptaciones de términos")
        ordering = ["-accepted_at"]
        constraints = [models.UniqueConstraint(fields=["user", "revision"], name="terms_accepted_once_per_version")]

    def __str__(self):
        return f"{self.user} · {self.accepted_at:%d/%m/%Y %H:%M}"


UNREAD_COUNT_ATTRIBUTE = "unread_notification_count"


class NotificationManager(models.Manager):
    def unread_count(self, user) -> int:
        """Unread messages of ``user``, shown in the header of signed-in pages.

        The signed-in person's count comes with the user's row (``unread_count_subquery``, read by
        ``accounts.backends``) unless this request has marked messages read (``forget_unread_count``);
        otherwise one indexed count whose SQL is built once per process (``core.prepared``).
        """
        counted = getattr(user, UNREAD_COUNT_ATTRIBUTE, None)
        return counted if counted is not None else _unread.count(user.pk)

    def unread_count_subquery(self, user_ref="pk"):
        """The unread count of the user ``user_ref`` points to, as a scalar subquery (always one row)."""
        unread = self.filter(recipient=models.OuterRef(user_ref), read_at__isnull=True).order_by()
        return models.Subquery(unread.annotate(count=models.Func("pk", function="COUNT")).values("count"))

    @staticmethod
    def forget_unread_count(user) -> None:
        """The count read with ``user``'s row is out of date: count again when it is shown."""
        setattr(user, UNREAD_COUNT_ATTRIBUTE, None)


class Notification(models.Model):
    """A message in the person's electronic mailbox (*casillero electrónico*)."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("asunto"), max_length=200)
    body = models.TextField(_("mensaje"), blank=True)
    link = models.CharField(_("enlace"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recibida"), default=timezone.now)
    read_at = models.DateTimeField(_("leída"), null=True, blank=True)

    objects = NotificationManager()

    class Meta:
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones (casillero)")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


_unread = PreparedQuery(lambda recipient: Notification.objects.filter(recipient=recipient, read_at__isnull=True))


class EmailChangeRequest(ConcurrentTransitionMixin, models.Model):
    """Recovery without access to the old email: an identity reviewer approves the new one."""

    user = models.ForeignKey(
        User, verbose_name=_("persona"), on_delete=models.CASCADE, related_name="email_change_requests"
    )
    old_email = models.EmailField(_("correo anterior"))
    new_email = models.EmailField(_("correo nuevo"))
    state = FSMField(
        _("estado"),
        max_length=20,
        choices=EmailChangeState.choices,
        default=EmailChangeState.AWAITING_CONFIRMATION,
        protected=True,
    )
    reason = models.TextField(_("motivo del rechazo"), blank=True)
    reviewer = models.ForeignKey(
        User, verbose_name=_("revisor"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("solicitado"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("correo nuevo confirmado"), null=True, blank=True)
    decided_at = models.DateTimeField(_("resuelto"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solicitud de cambio de correo")
        verbose_name_plural = _("solicitudes de cambio de correo")
        ordering = ["-created_at"]
        permissions = [("review_email_change", _("Puede aprobar o rechazar cambios de correo"))]

    def __str__(self):
        return f"{self.user.cui}: {self.new_email}"

    @transition(
        field=state,
        source=EmailChangeState.AWAITING_CONFIRMATION,
        target=EmailChangeState.PENDING_REVIEW,
        custom={"admin": False},
    )
    def confirm_new_email(self):
        self.confirmed_at = timezone.now()

    @transition(
        field=state,
        source=EmailChangeState.PENDING_REVIEW,
        target=EmailChangeState.APPROVED,
        permission="accounts.review_email_change",
        custom={"label": _("Aprobar cambio de correo")},
    )
    def approve(self, reviewer):
        self.reviewer = reviewer
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=EmailChangeState.PENDING_REVIEW,
        target=EmailChangeState.REJECTED,
        permission="accounts.review_email_change",
        custom={"label": _("Rechazar cambio de correo")},
    )
    def reject(self, reviewer, reason):
        self.reviewer = reviewer
        self.reason = reason
        self.decided_at = timezone.now()


def identity_upload_to(instance, filename):
    import uuid
    from pathlib import PurePath

    return f"identidad/{instance.user_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class IdentityVerification(ConcurrentTransitionMixin, models.Model):
    """*Verificar mi identidad*: the DPI (both sides) and a video, checked by an identity reviewer."""

    user = models.ForeignKey(
        User, verbose_name=_("persona"), on_delete=models.CASCADE, related_name="identity_verifications"
    )
    state = FSMField(
        _("estado"), max_length=20, choices=IdentityState.choices, default=IdentityState.PENDING, protected=True
    )
    dpi_front = models.FileField(_("DPI (anverso)"), storage=private_storage, upload_to=identity_upload_to)
    dpi_front_type = models.CharField(max_length=40)
    dpi_back = models.FileField(_("DPI (reverso)"), storage=private_storage, upload_to=identity_upload_to)
    dpi_back_type = models.CharField(max_length=40)
    video = models.FileField(_("video"), storage=private_storage, upload_to=identity_upload_to)
    video_type = models.CharField(max_length=40)
    video_seconds = models.PositiveSmallIntegerField(_("duración del video (s)"), default=0)
    reason = models.TextField(_("motivo del rechazo"), blank=True)
    reviewer = models.ForeignKey(
        User, verbose_name=_("revisor"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("enviada"), default=timezone.now)
    decided_at = models.DateTimeField(_("resuelta"), null=True, blank=True)
    evidence_deleted_at = models.DateTimeField(
        _("evidencia eliminada"),
        null=True,
        blank=True,
        help_text=_(
            "Las imágenes del DPI y el video se eliminan un tiempo después de la resolución; la decisión se conserva."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verificación de identidad")
        verbose_name_plural = _("verificaciones de identidad")
        ordering = ["created_at"]
        permissions = [("review_identity", _("Puede aprobar o rechazar verificaciones de identidad"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(state="pendiente"), name="one_pending_identity_per_user"
            )
        ]

    def __str__(self):
        return _("Verificación de %(user)s") % {"user": self.user}

    @transition(
        field=state,
        source=IdentityState.PENDING,
        target=IdentityState.VERIFIED,
        permission="accounts.review_identity",
        custom={"label": _("Aprobar identidad")},
    )
    def approve(self, reviewer):
        self.reviewer = reviewer
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=IdentityState.PENDING,
        target=IdentityState.REJECTED,
        permission="accounts.review_identity",
        custom={"label": _("Rechazar")},
    )
    def reject(self, reviewer, reason):
        self.reviewer = reviewer
        self.reason = reason
        self.decided_at = timezone.now()
