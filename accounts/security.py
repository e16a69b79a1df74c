from core.identifiers import normalize_cui


def axes_username(request, credentials):
    """The same person counts once however they type it: email in any case, CUI with or without dashes."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    username = username.strip()
    return username.lower() if "@" in username else normalize_cui(username)
