"""The one view that hands out private files (identity evidence, supporting documents, certificates)."""

from dataclasses import dataclass
from functools import wraps

from django.core.files import File
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@dataclass(frozen=True)
class PrivateFile:
    """A stored file and how to hand it out: its download name, type, and attachment or inline."""

    stored: File | None
    filename: str
    content_type: str
    as_attachment: bool = True


def private_file_view(find_file):
    """Make the view of one kind of private file from ``find_file(request, **url_kwargs)``.

    ``find_file`` is the ownership check: it returns the ``PrivateFile`` the signed-in person
    may see and raises ``Http404`` for anyone else's, so a stranger cannot tell a file exists.
    Anonymous visitors, files removed by the retention policy and files missing from storage
    also get 404. The answer is never cached and never sniffed by the browser.
    """

    @never_cache
    @wraps(find_file)
    def view(request, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        private = find_file(request, **kwargs)
        if not private.stored:
            raise Http404(_("El archivo no está disponible."))
        try:
            handle = private.stored.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("El archivo no está disponible.")) from error
        response = FileResponse(
            handle,
            as_attachment=private.as_attachment,
            filename=private.filename,
            content_type=private.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    return view
