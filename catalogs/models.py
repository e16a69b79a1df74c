"""Reference catalogs: geography, state institutions, budget lines, people.

Each row has a stable ``code`` that imports and fixtures use as the natural key,
so loading the same file twice changes nothing.

The models were born in ``requests_app`` and moved here without moving their data: they keep
their tables (``requests_app_*``, and their history's) so rows, history and foreign keys stay put.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CatalogEntry(models.Model):
    code = models.CharField(_("código"), max_length=20, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    is_active = models.BooleanField(
        _("vigente"),
        default=True,
        help_text=_(
            "Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan "
            "porque aparecen en historiales de servicio."
        ),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(CatalogEntry):
    """One of Guatemala's 22 departments, with its INE/RENAP two-digit code."""

    code = models.CharField(_("código"), max_length=2, unique=True)
    history = HistoricalRecords(table_name="requests_app_historicaldepartment")

    class Meta(CatalogEntry.Meta):
        db_table = "requests_app_department"
        verbose_name = _("departamento")
        verbose_name_plural = _("departamentos")
        ordering = ["code"]


class Municipality(CatalogEntry):
    """A municipality; its four-digit code is the one carried at the end of a CUI."""

    code = models.CharField(_("código"), max_length=4, unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("departamento"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    history = HistoricalRecords(table_name="requests_app_historicalmunicipality")

    class Meta(CatalogEntry.Meta):
        db_table = "requests_app_municipality"
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")
        ordering = ["code"]


class Institution(CatalogEntry):
    """A state institution whose staff fall under the Clases Pasivas Civiles regime."""

    class Sector(models.TextChoices):
        EXECUTIVE = "Ejecutivo", _("Ejecutivo")
        LEGISLATIVE = "Legislativo", _("Legislativo")
        JUDICIAL = "Judicial", _("Judicial")
        AUTONOMOUS = "Autónoma", _("Autónoma")
        DECENTRALIZED = "Descentralizada", _("Descentralizada")
        CONTROL = "Control/Órgano constitucional", _("Control/Órgano constitucional")
        MUNICIPAL = "Municipal", _("Municipal")

    sector = models.CharField(_("sector"), max_length=40, choices=Sector.choices)
    history = HistoricalRecords(table_name="requests_app_historicalinstitution")

    class Meta(CatalogEntry.Meta):
        db_table = "requests_app_institution"
        verbose_name = _("institución")
        verbose_name_plural = _("instituciones")


class BudgetLine(CatalogEntry):
    """A *renglón presupuestario* under which a position is paid (011, 021, 022)."""

    code = models.CharField(_("renglón"), max_length=3, unique=True)
    description = models.TextField(_("descripción"), blank=True)
    history = HistoricalRecords(table_name="requests_app_historicalbudgetline")

    class Meta(CatalogEntry.Meta):
        db_table = "requests_app_budgetline"
        verbose_name = _("renglón presupuestario")
        verbose_name_plural = _("renglones presupuestarios")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} - {self.name}"


class EthnicGroup(CatalogEntry):
    """*Pueblo de pertenencia* as asked by the national census."""

    history = HistoricalRecords(table_name="requests_app_historicalethnicgroup")

    class Meta(CatalogEntry.Meta):
        db_table = "requests_app_ethnicgroup"
        verbose_name = _("etnia")
        verbose_name_plural = _("etnias")
        ordering = ["pk"]


class LinguisticCommunity(CatalogEntry):
    """One of the 25 sociolinguistic communities (22 Mayan, Garífuna, Xinka, Español)."""

    history = HistoricalRecords(table_name="requests_app_historicallinguisticcommunity")

    class Meta(CatalogEntry.Meta):
        db_table = "requests_app_linguisticcommunity"
        verbose_name = _("comunidad sociolingüística")
        verbose_name_plural = _("comunidades sociolingüísticas")
