from django.shortcuts import render

from .uploads import MEGABYTE, declared_body_size


class UploadSizeLimitMiddleware:
    """Refuse an upload that is too large from its Content-Length, before anything reads the body.

    Views opt in with ``core.uploads.upload_limit``. It sits before CsrfViewMiddleware,
    whose ``process_view`` would otherwise read (and store) the whole body to find the token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "max_upload_bytes", None)
        if request.method != "POST" or limit is None:
            return None
        limit = limit() if callable(limit) else limit
        size = declared_body_size(request)
        if size <= limit:
            return None
        context = {"size_mb": size / MEGABYTE, "max_mb": limit / MEGABYTE, "back_url": request.get_full_path()}
        return render(request, "upload_too_large.html", context, status=413)
