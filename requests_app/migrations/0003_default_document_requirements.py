from django.db import migrations

REQUIREMENTS = [
    ("dpi", "DPI de ambos lados", "Documento Personal de Identificación, anverso y reverso en un solo archivo.", True, 1, 1),
    ("igss", "Afiliación al IGSS", "Carné de afiliación o constancia de afiliación extendida por el IGSS.", True, 1, 2),
    ("deposito", "Depósito Monetario", "Comprobante del depósito o de la transferencia electrónica en Banrural.", True, 1, 3),
    ("otro", "Otros Documentos", "Otros documentos que respalden el tiempo de servicio requerido (opcional).", False, 10, 4),
]


def create_requirements(apps, schema_editor):
    requirement_model = apps.get_model("requests_app", "DocumentRequirement")
    for document_type, label, help_text, is_required, max_files, order in REQUIREMENTS:
        requirement_model.objects.get_or_create(
            document_type=document_type,
            defaults={
                "label": label,
                "help_text": help_text,
                "is_required": is_required,
                "max_files": max_files,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0002_certification_requests")]

    operations = [migrations.RunPython(create_requirements, migrations.RunPython.noop)]
