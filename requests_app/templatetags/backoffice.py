from django import template

from cms.settings_helpers import portal_settings

from ..deadlines import Deadlines
from ..stats import dashboard

register = template.Library()


@register.inclusion_tag("admin/requests_dashboard.html", takes_context=True)
def requests_dashboard(context):
    user = context["request"].user
    if not user.has_perm("requests_app.view_certificationrequest"):
        return {"visible": False}
    return {"visible": True, "dashboard": dashboard(Deadlines.from_settings(portal_settings()))}
