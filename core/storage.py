import logging

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE_STORAGE_ALIAS = "private"


class PrivateStorage(LazyObject):
    """``STORAGES["private"]``, looked up when first used (like Django's ``default_storage``).

    File fields keep this object, so they follow the ``STORAGES`` setting in force (local disk
    by default, the private S3 prefix when configured) instead of the one at import time.
    """

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


_private_storage = PrivateStorage()
logger = logging.getLogger(__name__)


def private_storage():
    """Storage for personal evidence and certificates: never served by URL."""
    return _private_storage


def delete_file_on_commit(stored) -> str | None:
    """Remove a stored file once the transaction that stopped using it has committed.

    Returns the name scheduled for deletion (None when the field held no file)."""
    storage, name = stored.storage, stored.name
    if not name:
        return None

    def delete():
        try:
            storage.delete(name)
        except Exception:
            logger.exception("stored file could not be deleted", extra={"file": name})

    transaction.on_commit(delete)
    return name


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty
