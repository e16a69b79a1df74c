"""A supporting document's file leaves storage with its row, however the row is deleted
(replaced or removed by the applicant, a draft deleted, a request deleted in the admin)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from core.storage import delete_file_on_commit

from .models import SupportingDocument


@receiver(post_delete, sender=SupportingDocument, dispatch_uid="document_file_leaves_storage")
def document_file_leaves_storage(sender, instance, **kwargs):
    name = instance.file.name
    if name and not SupportingDocument.objects.filter(file=name).exists():  # demo rows may share a file
        delete_file_on_commit(instance.file)
