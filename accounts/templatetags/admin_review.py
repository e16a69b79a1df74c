"""The evidence a reviewer needs beside a transition's form (identity approval, email change)."""

from django import template
from django.contrib import admin

register = template.Library()


@register.simple_tag
def transition_review(obj):
    """The ``review_panel(obj)`` of the object's ModelAdmin (HTML), or nothing."""
    model_admin = admin.site._registry.get(type(obj))
    panel = getattr(model_admin, "review_panel", None)
    return panel(obj) if panel else ""
