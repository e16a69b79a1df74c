"""``imported``: a catalog's rows were written in bulk (no ``post_save`` per row); sent with the model as sender.

Whoever keeps catalog rows between requests (``requests_app.reference_data``) listens to it.
"""

from django.dispatch import Signal

imported = Signal()
