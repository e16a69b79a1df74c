"""WSGI entry point for gunicorn: `gunicorn config.wsgi`.

Once Django is set up, what it loaded (modules, models, URL patterns, translations) lives as long as the process,
so it is moved out of the garbage collector's reach (``gc.freeze()``): a full collection no longer walks those
hundreds of thousands of objects (a 130 ms pause every thousand or so queue pages, measured), only what requests
leave behind. Under gunicorn's ``--preload`` the frozen objects are also never written to by the collector, so the
workers keep sharing their pages with the master.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
gc.freeze()
