"""What every app shares, below all of them: Guatemalan identifiers and form fields,
upload inspection, private storage and its file view, the admin's transition buttons,
the email task and the pagination include.

``core`` has no models and imports none of the project's apps (``catalogs``, ``cms``,
``accounts``, ``requests_app``, ``oidc``); they import it.
"""
