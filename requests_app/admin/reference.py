"""The workflow's own reference data: the documents a request asks for and the registry of
employment records reviewers cross-check (the shared catalogs are in ``catalogs.admin``)."""

from django.contrib import admin
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.widgets import ForeignKeyWidget
from simple_history.admin import SimpleHistoryAdmin

from catalogs.models import BudgetLine, Institution

from ..models import DocumentRequirement, EmploymentRecord


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(SimpleHistoryAdmin):
    """Which supporting documents the Certificación de Servicios asks for."""

    list_display = ("label", "document_type", "is_required", "allowed_extensions", "max_size_mb", "max_files", "order")
    list_editable = ("is_required", "order")
    list_filter = ("is_required", "is_active")


class EmploymentRecordResource(resources.ModelResource):
    """Registry rows keyed by CUI, institution and start date: re-importing updates them."""

    institution = fields.Field(
        column_name="institution_code", attribute="institution", widget=ForeignKeyWidget(Institution, field="code")
    )
    budget_line = fields.Field(
        column_name="budget_line", attribute="budget_line", widget=ForeignKeyWidget(BudgetLine, field="code")
    )

    class Meta:
        model = EmploymentRecord
        fields = (
            "cui",
            "full_name",
            "institution",
            "position_title",
            "budget_line",
            "monthly_salary",
            "start_date",
            "end_date",
        )
        import_id_fields = ("cui", "institution", "start_date")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [EmploymentRecordResource]
    list_display = ("cui", "full_name", "institution", "position_title", "budget_line", "start_date", "end_date")
    list_filter = ("budget_line", "institution")
    search_fields = ("=cui", "full_name")
    list_select_related = ("institution", "budget_line")
    autocomplete_fields = ("institution",)
    show_full_result_count = False
