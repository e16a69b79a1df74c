"""Wagtail's initial data names its groups, workflow and task in English ("Moderators approval"
then reads "Enviar a Moderators approval" on every page editor's button); give them Spanish names.
Names someone already changed are left alone."""

from django.db import migrations

GROUPS = {"Moderators": "Moderadores", "Editors": "Editores"}
WORKFLOWS = {"Moderators approval": "Aprobación de moderadores"}


def rename(model, names, reverse=False):
    for old, new in names.items():
        if reverse:
            old, new = new, old
        model.objects.filter(name=old).exclude(name=new).update(name=new)


def forwards(apps, schema_editor, reverse=False):
    rename(apps.get_model("auth", "Group"), GROUPS, reverse)
    rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOWS, reverse)
    rename(apps.get_model("wagtailcore", "Task"), WORKFLOWS, reverse)


def backwards(apps, schema_editor):
    forwards(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_identity_video_tutorial_and_usted"),
        # After every Wagtail migration that finds these groups by their English names.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
