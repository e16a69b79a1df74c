"""The profile's catalog foreign keys now name ``catalogs.*``; the columns already point at the
same tables, so only the migration state changes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_person_labels'),
        ('catalogs', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalprofile',
                    name='ethnic_group',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.ethnicgroup', verbose_name='etnia'),
                ),
                migrations.AlterField(
                    model_name='historicalprofile',
                    name='linguistic_community',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.linguisticcommunity', verbose_name='comunidad sociolingüística'),
                ),
                migrations.AlterField(
                    model_name='historicalprofile',
                    name='municipality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.municipality', verbose_name='municipio de residencia'),
                ),
                migrations.AlterField(
                    model_name='profile',
                    name='ethnic_group',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='catalogs.ethnicgroup', verbose_name='etnia'),
                ),
                migrations.AlterField(
                    model_name='profile',
                    name='linguistic_community',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='catalogs.linguisticcommunity', verbose_name='comunidad sociolingüística'),
                ),
                migrations.AlterField(
                    model_name='profile',
                    name='municipality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogs.municipality', verbose_name='municipio de residencia'),
                ),
            ],
            database_operations=[],
        ),
    ]
