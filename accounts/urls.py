from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "accounts"

urlpatterns = [
    path("cuenta/registro/", views.register, name="register"),
    path("cuenta/registro/enviado/", views.registration_sent, name="registration_sent"),
    path("cuenta/confirmar/reenviar/", views.resend_confirmation, name="resend_confirmation"),
    path("cuenta/confirmar/<str:token>/", views.confirm_email, name="confirm_email"),
    path("cuenta/ingresar/", views.LoginView.as_view(), name="login"),
    path("cuenta/salir/", views.LogoutView.as_view(), name="logout"),
    path("cuenta/terminos/", views.accept_terms, name="accept_terms"),
    path("cuenta/recuperar/", views.password_recovery, name="password_recovery"),
    path("cuenta/recuperar/sin-correo/", views.email_recovery, name="email_recovery"),
    path("cuenta/recuperar/correo-nuevo/<str:token>/", views.confirm_new_email, name="confirm_new_email"),
    path("cuenta/recuperar/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "cuenta/recuperar/listo/",
        TemplateView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("cuenta/contrasena/", views.PasswordChangeView.as_view(), name="password_change"),
    path("cuenta/datos-personales/", views.personal_data, name="personal_data"),
    path("cuenta/verificar-identidad/", views.identity, name="identity"),
    path("cuenta/verificar-identidad/<int:pk>/<str:kind>/", views.identity_file, name="identity_file"),
    path("cuenta/bienvenida/", views.legacy_welcome, name="legacy_welcome"),
    path("tablero/", views.dashboard, name="dashboard"),
    path("casillero/", views.mailbox, name="mailbox"),
    path("casillero/marcar-leidas/", views.mark_all_read, name="mark_all_read"),
    path("casillero/<int:pk>/", views.notification_detail, name="notification"),
]
