from django.core.files.storage import storages


def private_storage():
    """Storage for personal evidence and certificates: never served by URL."""
    return storages["private"]
