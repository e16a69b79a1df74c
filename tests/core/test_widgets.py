"""The shared hidden input draws exactly what Django's template-drawn one does."""

import uuid

import pytest
from django import forms

from core.widgets import HiddenInput


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (uuid.UUID("12345678-1234-5678-1234-567812345678"), {"id": "id_token"}),
        (None, {"id": "id_token"}),
        ('"><script>alert(1)</script>', {"id": "id_x", "data-a": 'b"c'}),
        (7, {"id": "id_n", "required": True, "disabled": False}),
        ("", None),
    ],
)
def test_it_draws_what_djangos_hidden_input_draws(value, attrs):
    assert HiddenInput().render("token", value, attrs) == forms.HiddenInput().render("token", value, attrs)


def test_a_bound_form_draws_the_same_field():
    class Django(forms.Form):
        token = forms.UUIDField(widget=forms.HiddenInput)

    class Shared(forms.Form):
        token = forms.UUIDField(widget=HiddenInput)

    initial = {"token": uuid.uuid4()}
    assert str(Shared(initial=initial)["token"]) == str(Django(initial=initial)["token"])
    assert str(Shared({"token": "no-es-uuid"})["token"]) == str(Django({"token": "no-es-uuid"})["token"])
