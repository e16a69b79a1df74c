"""The reference catalogs: Guatemala's departments and municipalities, state institutions,
budget lines, ethnic groups and sociolinguistic communities, with their history, their
admin (import and export through django-import-export), their loader from ``fixtures/``
and the dependent Departamento → Municipio select.

``catalogs`` imports none of the project's apps (only ``core``); they import it.
"""
