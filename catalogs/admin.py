from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality
from .resources import (
    BudgetLineResource,
    DepartmentResource,
    EthnicGroupResource,
    InstitutionResource,
    LinguisticCommunityResource,
    MunicipalityResource,
)


class CatalogAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ("code", "name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name")
    list_per_page = 50


@admin.register(Department)
class DepartmentAdmin(CatalogAdmin):
    resource_classes = [DepartmentResource]


@admin.register(Municipality)
class MunicipalityAdmin(CatalogAdmin):
    resource_classes = [MunicipalityResource]
    list_display = ("code", "name", "department", "is_active")
    list_filter = ("department", "is_active")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)


@admin.register(Institution)
class InstitutionAdmin(CatalogAdmin):
    resource_classes = [InstitutionResource]
    list_display = ("code", "name", "sector", "is_active")
    list_filter = ("sector", "is_active")


@admin.register(BudgetLine)
class BudgetLineAdmin(CatalogAdmin):
    resource_classes = [BudgetLineResource]


@admin.register(EthnicGroup)
class EthnicGroupAdmin(CatalogAdmin):
    resource_classes = [EthnicGroupResource]


@admin.register(LinguisticCommunity)
class LinguisticCommunityAdmin(CatalogAdmin):
    resource_classes = [LinguisticCommunityResource]
