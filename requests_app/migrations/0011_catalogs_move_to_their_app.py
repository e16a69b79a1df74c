"""The reference catalogs leave ``requests_app`` for their own app, ``catalogs``, without moving data.

The state forgets the twelve models (six catalogs and their history) and re-points this app's
foreign keys at ``catalogs.*``; the tables keep their names, so the database is not touched.
Their content types take the new app label, carrying permissions, group grants, admin log
entries and history with them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CATALOG_MODELS = ("department", "municipality", "institution", "budgetline", "ethnicgroup", "linguisticcommunity")
MOVED_MODELS = (*CATALOG_MODELS, *(f"historical{model}" for model in CATALOG_MODELS))


def move_content_types(apps, from_label, to_label):
    """Give the moved models' content types their new app label, so that permissions (and the
    groups and users granted them), admin log entries and anything else keyed by content type
    follow. A content type already made under the new label (by a ``migrate`` that stopped half
    way, say) hands its permissions, grants and log entries to the moving one and is deleted."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    grants = [
        (apps.get_model("auth", "Group").permissions.through, "group_id"),
        (apps.get_model(settings.AUTH_USER_MODEL).user_permissions.through, "user_id"),
    ]
    for model in MOVED_MODELS:
        moving = ContentType.objects.filter(app_label=from_label, model=model).first()
        if moving is None:
            continue
        duplicate = ContentType.objects.filter(app_label=to_label, model=model).first()
        if duplicate is not None:
            kept = {permission.codename: permission for permission in Permission.objects.filter(content_type=moving)}
            for permission in Permission.objects.filter(content_type=duplicate):
                if permission.codename not in kept:
                    permission.content_type = moving
                    permission.save(update_fields=["content_type"])
                    continue
                for through, holder in grants:
                    for holder_id in through.objects.filter(permission=permission).values_list(holder, flat=True):
                        through.objects.get_or_create(**{holder: holder_id, "permission": kept[permission.codename]})
                permission.delete()
            LogEntry.objects.filter(content_type=duplicate).update(content_type=moving)
            duplicate.delete()
        moving.app_label = to_label
        moving.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def to_catalogs(apps, schema_editor):
    move_content_types(apps, "requests_app", "catalogs")


def to_requests_app(apps, schema_editor):
    move_content_types(apps, "catalogs", "requests_app")


class Migration(migrations.Migration):

    dependencies = [
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('accounts', '0008_catalogs_move_to_their_app'),
        ('catalogs', '0001_initial'),
        ('requests_app', '0010_queue_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='employmentrecord',
                    name='budget_line',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='catalogs.budgetline', verbose_name='renglón'),
                ),
                migrations.AlterField(
                    model_name='historicalserviceperiod',
                    name='budget_line',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.budgetline', verbose_name='renglón'),
                ),
                migrations.AlterField(
                    model_name='historicalcertifiedservicerecord',
                    name='budget_line',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.budgetline', verbose_name='renglón'),
                ),
                migrations.AlterField(
                    model_name='historicalemploymentrecord',
                    name='budget_line',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.budgetline', verbose_name='renglón'),
                ),
                migrations.AlterField(
                    model_name='serviceperiod',
                    name='budget_line',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='catalogs.budgetline', verbose_name='renglón'),
                ),
                migrations.AlterField(
                    model_name='certifiedservicerecord',
                    name='budget_line',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='catalogs.budgetline', verbose_name='renglón'),
                ),
                migrations.RemoveField(
                    model_name='historicalmunicipality',
                    name='department',
                ),
                migrations.RemoveField(
                    model_name='municipality',
                    name='department',
                ),
                migrations.DeleteModel(
                    name='EthnicGroup',
                ),
                migrations.RemoveField(
                    model_name='historicalbudgetline',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaldepartment',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalethnicgroup',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalinstitution',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicallinguisticcommunity',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalmunicipality',
                    name='history_user',
                ),
                migrations.AlterField(
                    model_name='historicalemploymentrecord',
                    name='institution',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.institution', verbose_name='institución'),
                ),
                migrations.AlterField(
                    model_name='certifiedservicerecord',
                    name='institution',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='catalogs.institution', verbose_name='institución'),
                ),
                migrations.AlterField(
                    model_name='historicalserviceperiod',
                    name='institution',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.institution', verbose_name='institución'),
                ),
                migrations.AlterField(
                    model_name='historicalcertifiedservicerecord',
                    name='institution',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.institution', verbose_name='institución'),
                ),
                migrations.AlterField(
                    model_name='employmentrecord',
                    name='institution',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='catalogs.institution', verbose_name='institución'),
                ),
                migrations.AlterField(
                    model_name='serviceperiod',
                    name='institution',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='catalogs.institution', verbose_name='institución'),
                ),
                migrations.DeleteModel(
                    name='LinguisticCommunity',
                ),
                migrations.AlterField(
                    model_name='historicalthirdparty',
                    name='municipality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.municipality', verbose_name='municipio'),
                ),
                migrations.AlterField(
                    model_name='historicalserviceperiod',
                    name='municipality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.municipality', verbose_name='municipio'),
                ),
                migrations.AlterField(
                    model_name='thirdparty',
                    name='municipality',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogs.municipality', verbose_name='municipio'),
                ),
                migrations.AlterField(
                    model_name='serviceperiod',
                    name='municipality',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='catalogs.municipality', verbose_name='municipio'),
                ),
                migrations.DeleteModel(
                    name='BudgetLine',
                ),
                migrations.DeleteModel(
                    name='Department',
                ),
                migrations.DeleteModel(
                    name='HistoricalBudgetLine',
                ),
                migrations.DeleteModel(
                    name='HistoricalDepartment',
                ),
                migrations.DeleteModel(
                    name='HistoricalEthnicGroup',
                ),
                migrations.DeleteModel(
                    name='HistoricalInstitution',
                ),
                migrations.DeleteModel(
                    name='HistoricalLinguisticCommunity',
                ),
                migrations.DeleteModel(
                    name='HistoricalMunicipality',
                ),
                migrations.DeleteModel(
                    name='Institution',
                ),
                migrations.DeleteModel(
                    name='Municipality',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_catalogs, to_requests_app),
    ]
