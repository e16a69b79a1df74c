import json

from django.db import migrations, models

import cms.models.settings

# The seeded assistance pages addressed people as "tú"; the portal says "usted" everywhere.
USTED = [
    ("asistirte en tus dudas", "asistirle en sus dudas"),
    ("cualquiera de tus consultas", "cualquiera de sus consultas"),
    (
        "Desde donde te encuentres puedes llenar el formulario de asistencia usando tu dispositivo favorito.",
        "Desde donde se encuentre puede llenar el formulario de asistencia con su teléfono o computadora.",
    ),
    ("Reduce desplazamientos físicos", "Reduzca desplazamientos físicos"),
    ("Ahorra tiempo", "Ahorre tiempo"),
    ("Llena este formulario de asistencia", "Llene este formulario de asistencia"),
    ("Luego te responderemos", "Luego le responderemos"),
    ("contacto contigo", "contacto con usted"),
    ("Ten en cuenta los tipos de consultas", "Tenga en cuenta los tipos de consultas"),
]
FIELDS = ("intro", "form_heading", "form_intro", "notice_intro")


def to_usted(text):
    for old, new in USTED:
        text = text.replace(old, new)
    return text


def forwards(apps, schema_editor):
    """Live pages and their revisions (what editors open); text that editors already changed stays."""
    page_model = apps.get_model("cms", "AssistanceFormPage")
    revision_model = apps.get_model("wagtailcore", "Revision")
    for page in page_model.objects.all():
        changed = [name for name in FIELDS if to_usted(getattr(page, name)) != getattr(page, name)]
        for name in changed:
            setattr(page, name, to_usted(getattr(page, name)))
        features = json.dumps(list(page.features.raw_data), ensure_ascii=False)
        if to_usted(features) != features:
            page.features = json.loads(to_usted(features))
            changed.append("features")
        if changed:
            page.save(update_fields=changed)
    for revision in revision_model.objects.filter(content__has_key="form_intro"):
        raw = json.dumps(revision.content, ensure_ascii=False)
        if to_usted(raw) != raw:
            revision.content = json.loads(to_usted(raw))
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_portal_settings_for_every_site"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="portalsettings",
            name="identity_video_tutorial_url",
            field=models.CharField(
                blank=True,
                default="",
                help_text="Dirección del video de ejemplo que se muestra en Verificar mi identidad: un video subido a Documentos (por ejemplo /documents/12/tutorial.mp4, se muestra dentro de la página) o un enlace https:// externo.",
                max_length=500,
                validators=[cms.models.settings.validate_tutorial_url],
                verbose_name="video-tutorial de la verificación de identidad",
            ),
        ),
        migrations.AlterField(
            model_name="assistanceformpage",
            name="form_heading",
            field=models.CharField(
                default="Llene este formulario de asistencia", max_length=120, verbose_name="título del formulario"
            ),
        ),
        migrations.AlterField(
            model_name="assistanceformpage",
            name="form_intro",
            field=models.CharField(
                blank=True,
                default="Luego le responderemos al correo electrónico indicado. Uno de nuestros agentes se pondrá en contacto con usted lo más pronto posible.",
                max_length=300,
                verbose_name="texto del formulario",
            ),
        ),
        migrations.AlterField(
            model_name="assistanceformpage",
            name="notice_intro",
            field=models.CharField(
                blank=True,
                default="Tenga en cuenta los tipos de consultas que NO serán atendidas por esta vía",
                max_length=200,
                verbose_name="aviso previo",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
