from django.urls import path

from . import views

app_name = "requests_app"

# Tried in order, and no two patterns match the same path: the pages applicants load most come first.
urlpatterns = [
    path("", views.request_list, name="list"),
    path("<int:pk>/datos-generales/", views.step_general, name="step_general"),
    path("<int:pk>/periodos/", views.step_periods, name="step_periods"),
    path("<int:pk>/boleta/", views.step_payment, name="step_payment"),
    path("<int:pk>/documentos/", views.step_documents, name="step_documents"),
    path("<int:pk>/solicitar/", views.step_submit, name="step_submit"),
    path("<int:pk>/historial/", views.request_history, name="history"),
    path("<int:pk>/", views.request_resume, name="resume"),
    path("<int:pk>/periodos/<int:period_id>/quitar/", views.period_remove, name="period_remove"),
    path("<int:pk>/documentos/<int:document_id>/", views.document_file, name="document"),
    path("<int:pk>/documentos/<int:document_id>/eliminar/", views.document_remove, name="document_remove"),
    path("<int:pk>/enviada/", views.request_submitted, name="submitted"),
    path("<int:pk>/ver/", views.request_detail, name="detail"),
    path("<int:pk>/eliminar/", views.request_delete, name="delete"),
    path("<int:pk>/certificado/", views.certificate_file, name="certificate"),
    path("crear/", views.request_create, name="create"),
    path("emitidas/", views.issued_list, name="issued"),
    path("terceros/", views.third_party_list, name="third_parties"),
    path("terceros/nuevo/", views.third_party_edit, name="third_party_create"),
    path("terceros/<int:pk>/editar/", views.third_party_edit, name="third_party_edit"),
    path("terceros/<int:pk>/solicitar/", views.third_party_request, name="third_party_request"),
]
