from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import OfficeClosure


@admin.register(OfficeClosure)
class OfficeClosureAdmin(SimpleHistoryAdmin):
    """Days the office does not work besides weekends and Guatemala's public holidays (which the
    portal already knows): deadlines and the reloj's working days skip them."""

    list_display = ("date", "weekday", "reason", "created_by")
    list_filter = (("date", admin.DateFieldListFilter),)
    search_fields = ("reason",)
    date_hierarchy = "date"
    ordering = ("-date",)

    @admin.display(description=_("día"))
    def weekday(self, obj):
        return date_format(obj.date, "l")

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
