"""Files leave storage with the rows that own them, however the row is deleted
(a service, the admin, or a cascade from a deleted account)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from core.storage import delete_file_on_commit

from .models import IdentityVerification

IDENTITY_EVIDENCE_FIELDS = ("dpi_front", "dpi_back", "video")


@receiver(post_delete, sender=IdentityVerification, dispatch_uid="identity_evidence_leaves_storage")
def identity_evidence_leaves_storage(sender, instance, **kwargs):
    for field_name in IDENTITY_EVIDENCE_FIELDS:
        delete_file_on_commit(getattr(instance, field_name))
