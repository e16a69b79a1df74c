"""Every site gets its portal settings row (with the defaults) when the database is built."""

from django.db import migrations


def create_settings(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    PortalSettings = apps.get_model("cms", "PortalSettings")
    for site in Site.objects.all():
        PortalSettings.objects.get_or_create(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_portal_pages_and_assistance"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
