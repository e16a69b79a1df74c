from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalogs.forms import DepartmentMunicipalityMixin, department_field
from core.fields import CuiField, NitField, PhoneField, captcha_field, own_birth_date_field, password_pair
from core.inputs import is_ascii_number

from .constants import ADULT_AGE
from .identity import check_dpi, check_video
from .models import Profile

User = get_user_model()
EMAIL_MAX_LENGTH = 254  # the column's length (RFC 5321 path limit); forms.EmailField allows 320


def select_prompts(form, prompts: dict) -> None:
    """Every empty choice reads the same way, as in the manual: "-Seleccione un Departamento-".

    ``prompts`` maps a field name to its prompt; it replaces Django's "---------".
    """
    for name, prompt in prompts.items():
        field = form.fields[name]
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = prompt
        else:
            field.choices = [("", prompt), *[choice for choice in field.choices if choice[0] not in ("", None)]]


def age_on(birth_date, today) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


class PasswordPairMixin:
    """Contraseña + Confirmar contraseña, checked with every configured validator."""

    def clean_password_pair(self, user):
        password1, password2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Las contraseñas no coinciden."))
            return
        if password1:
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class RegistrationForm(PasswordPairMixin, forms.Form):
    cui = CuiField(label=_("CUI (número de DPI)"))
    birth_date = own_birth_date_field()
    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    email2 = forms.EmailField(
        label=_("Confirmar correo electrónico"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1, password2 = password_pair(_("Contraseña"), _("Confirmar contraseña"))
    captcha = captcha_field()
    accept_terms = forms.BooleanField(
        label=_(
            "He leído, comprendido y acepto los términos y condiciones de uso del portal y del casillero electrónico."
        )
    )

    def __init__(self, *args, terms_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        if terms_url:
            self.fields["accept_terms"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>', terms_url, _("Leer los términos y condiciones")
            )

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if age_on(value, timezone.localdate()) < ADULT_AGE:
            raise forms.ValidationError(_("Debe ser mayor de edad (18 años) para registrarse."))
        return value

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        email, email2 = cleaned.get("email"), (cleaned.get("email2") or "").strip().lower()
        if email and email2 and email != email2:
            self.add_error("email2", _("Los correos electrónicos no coinciden."))
        candidate = User(email=email or "", cui=cleaned.get("cui") or "")
        self.clean_password_pair(candidate)
        return cleaned


class LoginForm(AuthenticationForm):
    """Email or CUI, password and captcha; unconfirmed accounts are told what to do."""

    username = forms.CharField(
        label=_("Correo electrónico o CUI"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Contraseña"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    captcha = captcha_field()

    error_messages = {
        "invalid_login": _("El usuario o la contraseña no son correctos. Revise e intente de nuevo."),
        "inactive": _("Esta cuenta está desactivada. Comuníquese con soporte."),
        "unconfirmed": _(
            "Aún no ha confirmado su correo electrónico. Abra el enlace que le enviamos o pida uno nuevo."
        ),
    }

    field_order = ["username", "password", "captcha"]

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_confirmed and not user.is_staff and not user.is_unconfirmed_import:
            raise forms.ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")


class ResendConfirmationForm(forms.Form):
    identifier = forms.CharField(label=_("Correo electrónico o CUI"), max_length=254)
    captcha = captcha_field()


class PasswordRecoveryForm(forms.Form):
    cui = CuiField(label=_("Ingrese su Número de DPI"))
    captcha = captcha_field()


class EmailRecoveryForm(forms.Form):
    cui = CuiField(label=_("Ingrese su Número de DPI"))
    birth_date = own_birth_date_field(_("Ingrese su Fecha de Nacimiento"))
    new_email = forms.EmailField(label=_("Ingrese su Nuevo Correo Electrónico"), max_length=EMAIL_MAX_LENGTH)
    new_email2 = forms.EmailField(label=_("Confirme su Nuevo Correo Electrónico"), max_length=EMAIL_MAX_LENGTH)
    captcha = captcha_field()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_email"), cleaned.get("new_email2")
        if first and second and first.strip().lower() != second.strip().lower():
            self.add_error("new_email2", _("Los correos electrónicos no coinciden."))
        return cleaned


class PortalSetPasswordForm(SetPasswordForm):
    new_password1, new_password2 = password_pair(_("Nueva contraseña"), _("Confirmar nueva contraseña"))


class PortalPasswordChangeForm(PasswordChangeForm, PortalSetPasswordForm):
    old_password = forms.CharField(
        label=_("Contraseña actual"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]


class AcceptTermsForm(forms.Form):
    accept_terms = forms.BooleanField(
        label=_("He leído y acepto la nueva versión de los términos y condiciones de uso.")
    )


class PersonalDataForm(DepartmentMunicipalityMixin, forms.ModelForm):
    """*Mis datos personales*: names on the account plus the profile, DPI read-only."""

    first_name = forms.CharField(label=_("Primer Nombre"), max_length=60)
    second_name = forms.CharField(label=_("Segundo Nombre"), max_length=60, required=False)
    other_names = forms.CharField(label=_("Otros Nombres"), max_length=120, required=False)
    last_name = forms.CharField(label=_("Primer Apellido"), max_length=60)
    second_surname = forms.CharField(label=_("Segundo Apellido"), max_length=60, required=False)
    married_surname = forms.CharField(label=_("Apellido de Casada"), max_length=60, required=False)
    cui = forms.CharField(label=_("DPI"), disabled=True, required=False)
    birth_date = own_birth_date_field(_("Fecha de Nacimiento"))
    department = department_field(_("Departamento de Residencia"))

    class Meta:
        model = Profile
        fields = [
            "nit",
            "igss_number",
            "id_card_order",
            "id_card_register",
            "gender",
            "ethnic_group",
            "linguistic_community",
            "nationality",
            "phone",
            "municipality",
            "zone",
            "address",
            "notification_address",
        ]
        field_classes = {"nit": NitField, "phone": PhoneField}
        labels = {
            "nit": _("NIT"),
            "igss_number": _("Afiliación IGSS"),
            "id_card_order": _("Número de Orden (cédula)"),
            "id_card_register": _("Número de Registro (cédula)"),
            "gender": _("Género"),
            "ethnic_group": _("Etnia"),
            "linguistic_community": _("Comunidad Sociolingüística"),
            "nationality": _("Nacionalidad"),
            "phone": _("Teléfono"),
            "municipality": _("Municipio de Residencia"),
            "zone": _("Zona"),
            "address": _("Dirección"),
            "notification_address": _("Dirección para Recibir Notificaciones"),
        }

    USER_FIELDS = ("first_name", "second_name", "other_names", "last_name", "second_surname", "married_surname")
    REQUIRED = ("igss_number", "gender", "ethnic_group", "linguistic_community", "nationality", "municipality")
    REQUIRED_TEXT = ("address", "notification_address")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in (*self.USER_FIELDS, "birth_date"):
            self.initial.setdefault(name, getattr(user, name))
        self.initial["cui"] = user.cui
        for name in (*self.REQUIRED, *self.REQUIRED_TEXT):
            self.fields[name].required = True
        select_prompts(
            self,
            {
                "gender": _("-Seleccione un Género-"),
                "ethnic_group": _("-Seleccione una Etnia-"),
                "linguistic_community": _("-Seleccione una Comunidad Sociolingüística-"),
                "municipality": _("-Seleccione un Municipio-"),
            },
        )
        self.fields["phone"].widget.attrs.update(
            {"inputmode": "tel", "autocomplete": "tel", "placeholder": "9999-9999"}
        )
        self.fields["zone"].widget.attrs.update({"min": 0, "max": 25})
        self.setup_geography(self.instance.municipality if self.instance.municipality_id else None)
        self.order_fields([*self.USER_FIELDS, "cui", "birth_date", *self.Meta.fields[:9], "department"])

    def clean_igss_number(self):
        value = self.cleaned_data["igss_number"].strip()
        if not is_ascii_number(value) or not 6 <= len(value) <= 13:
            raise forms.ValidationError(_("Escriba el número de afiliación al IGSS (solo números)."))
        return value

    def clean_zone(self):
        value = self.cleaned_data.get("zone")
        if value is not None and value > 25:
            raise forms.ValidationError(_("La zona debe estar entre 0 y 25."))
        return value

    def clean(self):
        cleaned = super().clean()
        self.clean_geography(cleaned)
        return cleaned

    def save(self, commit=True):
        profile = super().save(commit=False)
        for name in (*self.USER_FIELDS, "birth_date"):
            setattr(self.user, name, self.cleaned_data[name])
        if commit:
            self.user.save()
            profile.user = self.user
            profile.save()
        return profile


class IdentityVerificationForm(forms.Form):
    """*Solicitar verificar identidad*: CUI, DPI (both sides) and a confirmation video."""

    cui = CuiField(label=_("CUI"))
    dpi_front = forms.FileField(
        label=_("Adjuntar DPI (anverso)"),
        help_text=_("Imagen o PDF legible del frente del DPI: jpg, jpeg, png o pdf, hasta 8 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )
    dpi_back = forms.FileField(
        label=_("Adjuntar DPI (reverso)"),
        help_text=_("Imagen o PDF legible del reverso del DPI: jpg, jpeg, png o pdf, hasta 8 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )
    video = forms.FileField(
        label=_("Adjuntar video de confirmación"),
        help_text=_(
            "Video de 3 a 90 segundos (mp4 o webm, hasta 40 MB) en el que diga en español su nombre completo, "
            "su CUI y que solicita ser parte del Portal de Servicios Electrónicos."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm,.mp4,.webm", "capture": "user"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_cui(self):
        cui = self.cleaned_data["cui"]
        if cui != self.user.cui:
            raise forms.ValidationError(_("El CUI no coincide con el de su cuenta."))
        return cui

    def clean_dpi_front(self):
        return check_dpi(self.cleaned_data["dpi_front"])

    def clean_dpi_back(self):
        return check_dpi(self.cleaned_data["dpi_back"])

    def clean_video(self):
        return check_video(self.cleaned_data["video"])


class ReadCuiForm(forms.Form):
    """The identity reviewer types the CUI read on the DPI image (the account's CUI is not shown)."""

    read_cui = forms.CharField(
        label=_("CUI leído en la imagen del DPI"),
        max_length=20,
        help_text=_("Escríbalo tal como aparece en el DPI; se compara con el de la cuenta sin mostrárselo."),
    )


class IdentityRejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del rechazo"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        help_text=_("La persona lo verá en su casillero y podrá enviar nueva evidencia."),
    )
