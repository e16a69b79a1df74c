"""A supporting document's file leaves storage with its row, however the row is deleted
(replaced or removed by the applicant, a draft deleted, a request deleted in the admin);
a change to the office closures reaches the cached working-day calendar."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.storage import delete_file_on_commit

from .deadlines import forget_closures
from .models import OfficeClosure, SupportingDocument

post_save.connect(forget_closures, sender=OfficeClosure, dispatch_uid="office_closure_saved")
post_delete.connect(forget_closures, sender=OfficeClosure, dispatch_uid="office_closure_deleted")


@receiver(post_delete, sender=SupportingDocument, dispatch_uid="document_file_leaves_storage")
def document_file_leaves_storage(sender, instance, **kwargs):
    name = instance.file.name
    if name and not SupportingDocument.objects.filter(file=name).exists():  # demo rows may share a file
        delete_file_on_commit(instance.file)
