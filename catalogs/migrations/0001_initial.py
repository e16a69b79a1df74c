"""The catalogs as they were in ``requests_app``: the models join this app's state while their
tables (and their history's) stay where they are, named ``requests_app_*``; nothing is written.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BudgetLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('code', models.CharField(max_length=3, unique=True, verbose_name='renglón')),
                        ('description', models.TextField(blank=True, verbose_name='descripción')),
                    ],
                    options={
                        'verbose_name': 'renglón presupuestario',
                        'verbose_name_plural': 'renglones presupuestarios',
                        'db_table': 'requests_app_budgetline',
                        'ordering': ['code'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Department',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('code', models.CharField(max_length=2, unique=True, verbose_name='código')),
                    ],
                    options={
                        'verbose_name': 'departamento',
                        'verbose_name_plural': 'departamentos',
                        'db_table': 'requests_app_department',
                        'ordering': ['code'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='EthnicGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, unique=True, verbose_name='código')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                    ],
                    options={
                        'verbose_name': 'etnia',
                        'verbose_name_plural': 'etnias',
                        'db_table': 'requests_app_ethnicgroup',
                        'ordering': ['pk'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Institution',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, unique=True, verbose_name='código')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('sector', models.CharField(choices=[('Ejecutivo', 'Ejecutivo'), ('Legislativo', 'Legislativo'), ('Judicial', 'Judicial'), ('Autónoma', 'Autónoma'), ('Descentralizada', 'Descentralizada'), ('Control/Órgano constitucional', 'Control/Órgano constitucional'), ('Municipal', 'Municipal')], max_length=40, verbose_name='sector')),
                    ],
                    options={
                        'verbose_name': 'institución',
                        'verbose_name_plural': 'instituciones',
                        'db_table': 'requests_app_institution',
                        'ordering': ['name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='LinguisticCommunity',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, unique=True, verbose_name='código')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                    ],
                    options={
                        'verbose_name': 'comunidad sociolingüística',
                        'verbose_name_plural': 'comunidades sociolingüísticas',
                        'db_table': 'requests_app_linguisticcommunity',
                        'ordering': ['name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalBudgetLine',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('code', models.CharField(db_index=True, max_length=3, verbose_name='renglón')),
                        ('description', models.TextField(blank=True, verbose_name='descripción')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical renglón presupuestario',
                        'verbose_name_plural': 'historical renglones presupuestarios',
                        'db_table': 'requests_app_historicalbudgetline',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalDepartment',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('code', models.CharField(db_index=True, max_length=2, verbose_name='código')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical departamento',
                        'verbose_name_plural': 'historical departamentos',
                        'db_table': 'requests_app_historicaldepartment',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalEthnicGroup',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.CharField(db_index=True, max_length=20, verbose_name='código')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical etnia',
                        'verbose_name_plural': 'historical etnias',
                        'db_table': 'requests_app_historicalethnicgroup',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalInstitution',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.CharField(db_index=True, max_length=20, verbose_name='código')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('sector', models.CharField(choices=[('Ejecutivo', 'Ejecutivo'), ('Legislativo', 'Legislativo'), ('Judicial', 'Judicial'), ('Autónoma', 'Autónoma'), ('Descentralizada', 'Descentralizada'), ('Control/Órgano constitucional', 'Control/Órgano constitucional'), ('Municipal', 'Municipal')], max_length=40, verbose_name='sector')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical institución',
                        'verbose_name_plural': 'historical instituciones',
                        'db_table': 'requests_app_historicalinstitution',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalLinguisticCommunity',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.CharField(db_index=True, max_length=20, verbose_name='código')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical comunidad sociolingüística',
                        'verbose_name_plural': 'historical comunidades sociolingüísticas',
                        'db_table': 'requests_app_historicallinguisticcommunity',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalMunicipality',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('code', models.CharField(db_index=True, max_length=4, verbose_name='código')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('department', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogs.department', verbose_name='departamento')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical municipio',
                        'verbose_name_plural': 'historical municipios',
                        'db_table': 'requests_app_historicalmunicipality',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Municipality',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='nombre')),
                        ('is_active', models.BooleanField(default=True, help_text='Desmarque las entradas que ya no existen (instituciones disueltas, por ejemplo); se conservan porque aparecen en historiales de servicio.', verbose_name='vigente')),
                        ('code', models.CharField(max_length=4, unique=True, verbose_name='código')),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='municipalities', to='catalogs.department', verbose_name='departamento')),
                    ],
                    options={
                        'verbose_name': 'municipio',
                        'verbose_name_plural': 'municipios',
                        'db_table': 'requests_app_municipality',
                        'ordering': ['code'],
                        'abstract': False,
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
