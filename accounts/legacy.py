"""Accounts brought over from CAPE (Carencia de Antecedentes Penales en Electrónico).

People who have a CAPE user sign in here with their old password. Staff import the CAPE user
list (CSV or XLSX, through the Usuarios admin's *Importar*); the old password hash is stored as
it was, under a hasher that can only check it. At the person's first sign-in Django verifies the
password with that hasher and, because it is not the preferred one, saves it again as Argon2.

Supported ``algoritmo`` values and the ``hash_contrasena`` each expects:

- ``sha1``: SHA-1 of the salt followed by the password, as ``<salt>$<40 hex digits>``.
- ``md5``: unsalted MD5 of the password, ``<32 hex digits>`` (CAPE's oldest accounts).
- ``pbkdf2_sha256``: a Django PBKDF2 hash, ``pbkdf2_sha256$<iterations>$<salt>$<base64>``, kept as is.

Anything else is refused row by row in the import preview, and so is a row whose CUI fails the
RENAP check digit or whose email or CUI already has an account here (existing accounts are never changed).
"""

import hashlib
import re

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.identifiers import validate_cui

from .models import User

CAPE = "cape"
HEX = re.compile(r"^[0-9a-f]+$")


class CapeSHA1PasswordHasher(BasePasswordHasher):
    """CAPE's salted SHA-1: ``cape_sha1$<salt>$<sha1(salt + password) in hex>``. Verify only; rehashed on sign-in."""

    algorithm = "cape_sha1"

    def encode(self, password, salt):
        self._check_encode_args(password, salt)
        digest = hashlib.sha1((salt + password).encode(), usedforsecurity=False).hexdigest()
        return f"{self.algorithm}${salt}${digest}"

    def decode(self, encoded):
        algorithm, salt, digest = encoded.split("$", 2)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "hash": digest, "salt": salt}

    def verify(self, password, encoded):
        decoded = self.decode(encoded)
        return constant_time_compare(encoded, self.encode(password, decoded["salt"]))

    def safe_summary(self, encoded):
        decoded = self.decode(encoded)
        return {
            _("algoritmo"): decoded["algorithm"],
            _("sal"): mask_hash(decoded["salt"]),
            _("hash"): mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded):
        return True

    def harden_runtime(self, password, encoded):
        """No work factor to pad: a legacy hash is checked once, then replaced with Argon2."""


class CapeMD5PasswordHasher(BasePasswordHasher):
    """CAPE's oldest, unsalted MD5: ``cape_md5$$<md5(password) in hex>``. Verify only; rehashed on sign-in."""

    algorithm = "cape_md5"

    def salt(self):
        return ""

    def encode(self, password, salt):
        if salt != "":
            raise ValueError("salt must be empty.")
        digest = hashlib.md5(password.encode(), usedforsecurity=False).hexdigest()
        return f"{self.algorithm}$${digest}"

    def decode(self, encoded):
        algorithm, empty, digest = encoded.split("$", 2)
        assert algorithm == self.algorithm and empty == ""
        return {"algorithm": algorithm, "hash": digest, "salt": None}

    def verify(self, password, encoded):
        return constant_time_compare(encoded, self.encode(password, ""))

    def safe_summary(self, encoded):
        return {_("algoritmo"): self.algorithm, _("hash"): mask_hash(self.decode(encoded)["hash"], show=3)}

    def must_update(self, encoded):
        return True

    def harden_runtime(self, password, encoded):
        """No work factor to pad: a legacy hash is checked once, then replaced with Argon2."""


def legacy_password(algorithm: str, value: str) -> str:
    """What to store in ``User.password`` for a CAPE hash; ``ValueError`` (in Spanish) if we cannot check it."""
    algorithm, value = (algorithm or "").strip().lower(), (value or "").strip()
    if algorithm == "sha1":
        salt, _sep, digest = value.rpartition("$")
        digest = digest.lower()
        if not salt or "$" in salt or len(digest) != 40 or not HEX.match(digest):
            raise ValueError(_("El hash sha1 debe tener la forma <sal>$<40 dígitos hexadecimales>."))
        return f"{CapeSHA1PasswordHasher.algorithm}${salt}${digest}"
    if algorithm == "md5":
        digest = value.lower()
        if len(digest) != 32 or not HEX.match(digest):
            raise ValueError(_("El hash md5 debe tener 32 dígitos hexadecimales."))
        return f"{CapeMD5PasswordHasher.algorithm}$${digest}"
    if algorithm == "pbkdf2_sha256":
        parts = value.split("$")
        if len(parts) != 4 or parts[0] != "pbkdf2_sha256" or not parts[1].isdigit():
            raise ValueError(_("El hash pbkdf2_sha256 debe tener la forma pbkdf2_sha256$<iteraciones>$<sal>$<hash>."))
        return value
    raise ValueError(
        _("Algoritmo de contraseña no admitido: «%(name)s» (use sha1, md5 o pbkdf2_sha256).") % {"name": algorithm}
    )


class CuiWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        from django.core.exceptions import ValidationError

        try:
            return validate_cui(value)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from error


class LegacyPasswordWidget(widgets.CharWidget):
    """Reads ``hash_contrasena`` with the ``algoritmo`` of the same row."""

    def clean(self, value, row=None, **kwargs):
        return legacy_password((row or {}).get("algoritmo"), value)


class EmailWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return (value or "").strip().lower()


class CapeUserResource(resources.ModelResource):
    """The CAPE user list: correo, cui, nombres, apellidos, fecha de nacimiento, algoritmo, hash_contrasena."""

    email = fields.Field(attribute="email", column_name="correo", widget=EmailWidget())
    cui = fields.Field(attribute="cui", column_name="cui", widget=CuiWidget())
    first_name = fields.Field(attribute="first_name", column_name="primer_nombre", widget=widgets.CharWidget())
    second_name = fields.Field(attribute="second_name", column_name="segundo_nombre", widget=widgets.CharWidget())
    last_name = fields.Field(attribute="last_name", column_name="primer_apellido", widget=widgets.CharWidget())
    second_surname = fields.Field(
        attribute="second_surname", column_name="segundo_apellido", widget=widgets.CharWidget()
    )
    birth_date = fields.Field(
        attribute="birth_date", column_name="fecha_nacimiento", widget=widgets.DateWidget(format="%d/%m/%Y")
    )
    password = fields.Field(attribute="password", column_name="hash_contrasena", widget=LegacyPasswordWidget())

    class Meta:
        model = User
        name = "Usuarios de CAPE"
        fields = ("email", "cui", "first_name", "second_name", "last_name", "second_surname", "birth_date", "password")
        import_id_fields = ("cui",)
        skip_unchanged = False
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_export_fields(self, selected_fields=None):
        return []  # password hashes are never exported

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Accounts that already exist here are never changed by an import (re-importing the file is harmless)."""
        return bool(original is not None and original.pk) or super().skip_row(
            instance, original, row, import_validation_errors
        )

    def before_save_instance(self, instance, row, **kwargs):
        instance.legacy_source = CAPE
        instance.email_confirmed_at = None  # the person confirms it at their first sign-in
