from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import municipalities_of


@require_GET
def municipality_options(request):
    """``<option>``s of a department's municipalities, for the dependent select (htmx)."""
    municipalities = municipalities_of(request.GET.get("department"))
    return render(request, "catalogs/municipality_options.html", {"municipalities": municipalities})
