from django.contrib import admin
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.widgets import ForeignKeyWidget
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    BudgetLine,
    Department,
    DocumentRequirement,
    EmploymentRecord,
    EthnicGroup,
    Institution,
    LinguisticCommunity,
    Municipality,
)


class CatalogResource(resources.ModelResource):
    """Rows are matched by their code, so re-importing a file updates instead of duplicating."""

    class Meta:
        import_id_fields = ("code",)
        exclude = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


def catalog_resource(catalog_model, extra_fields=()):
    meta = type(
        "Meta",
        (CatalogResource.Meta,),
        {"model": catalog_model, "fields": ("code", "name", *extra_fields, "is_active")},
    )
    return type(f"{catalog_model.__name__}Resource", (CatalogResource,), {"Meta": meta})


class MunicipalityResource(CatalogResource):
    department = fields.Field(
        column_name="department_code",
        attribute="department",
        widget=ForeignKeyWidget(Department, field="code"),
    )

    class Meta(CatalogResource.Meta):
        model = Municipality
        fields = ("code", "name", "department", "is_active")


class CatalogAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ("code", "name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name")
    list_per_page = 50


@admin.register(Department)
class DepartmentAdmin(CatalogAdmin):
    resource_classes = [catalog_resource(Department)]


@admin.register(Municipality)
class MunicipalityAdmin(CatalogAdmin):
    resource_classes = [MunicipalityResource]
    list_display = ("code", "name", "department", "is_active")
    list_filter = ("department", "is_active")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)


@admin.register(Institution)
class InstitutionAdmin(CatalogAdmin):
    resource_classes = [catalog_resource(Institution, ("sector",))]
    list_display = ("code", "name", "sector", "is_active")
    list_filter = ("sector", "is_active")


@admin.register(BudgetLine)
class BudgetLineAdmin(CatalogAdmin):
    resource_classes = [catalog_resource(BudgetLine, ("description",))]


@admin.register(EthnicGroup)
class EthnicGroupAdmin(CatalogAdmin):
    resource_classes = [catalog_resource(EthnicGroup)]


@admin.register(LinguisticCommunity)
class LinguisticCommunityAdmin(CatalogAdmin):
    resource_classes = [catalog_resource(LinguisticCommunity)]


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
