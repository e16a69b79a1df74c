from django.urls import path

from . import views

app_name = "catalogs"

urlpatterns = [
    path("cuenta/municipios/", views.municipality_options, name="municipality_options"),
]
