import logging

from django.core.files.storage import storages
from django.db import transaction

logger = logging.getLogger(__name__)


def private_storage():
    """Storage for personal evidence and certificates: never served by URL."""
    return storages["private"]


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
