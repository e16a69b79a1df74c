"""How each catalog reads and writes a CSV or XLSX file: the admin's import and export use
these resources, and so does the loader of ``fixtures/``."""

from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader
from import_export.widgets import CachedForeignKeyWidget
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import signals
from .models import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality


class CatalogResource(resources.ModelResource):
    """Rows are matched by their code, so re-importing a file updates instead of duplicating.

    Rows are written in bulk (a whole catalog in a few queries, which the loader needs: tests
    load every catalog again and again), each with its history row as a ``save()`` would.
    """

    class Meta:
        import_id_fields = ("code",)
        exclude = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader
        use_bulk = True

    def after_import(self, dataset, result, **kwargs):
        """Rows written in bulk send no ``post_save``: say once that this catalog changed."""
        super().after_import(dataset, result, **kwargs)
        if any(result.totals[kind] for kind in ("new", "update", "delete")):
            signals.imported.send(sender=self._meta.model)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """``code`` is the import id: an existing code was matched to its row, and a code twice in
        one file fails the insert, so the per-row uniqueness query is skipped."""
        super().validate_instance(instance, import_validation_errors, validate_unique=False)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(self.create_instances, self.get_queryset().model, batch_size=batch_size)
            except Exception as error:  # reported like any other row error, as the library does
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                bulk_update_with_history(
                    self.update_instances,
                    self.get_queryset().model,
                    self.get_bulk_update_fields(),
                    batch_size=batch_size,
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()


def catalog_resource(catalog_model, extra_fields=()):
    meta = type(
        "Meta",
        (CatalogResource.Meta,),
        {"model": catalog_model, "fields": ("code", "name", *extra_fields, "is_active")},
    )
    return type(f"{catalog_model.__name__}Resource", (CatalogResource,), {"Meta": meta})


DepartmentResource = catalog_resource(Department)
InstitutionResource = catalog_resource(Institution, ("sector",))
BudgetLineResource = catalog_resource(BudgetLine, ("description",))
EthnicGroupResource = catalog_resource(EthnicGroup)
LinguisticCommunityResource = catalog_resource(LinguisticCommunity)


class MunicipalityResource(CatalogResource):
    department = fields.Field(
        column_name="department_code",
        attribute="department",
        widget=CachedForeignKeyWidget(Department, field="code"),
    )

    class Meta(CatalogResource.Meta):
        model = Municipality
        fields = ("code", "name", "department", "is_active")
