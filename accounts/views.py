"""Account pages. Answers never reveal whether an email or a CUI is registered."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Site

from cms.models import HomePage, TermsOfUsePage
from cms.settings_helpers import portal_settings
from core.pagination import page_of
from core.uploads import MEGABYTE, upload_limit, upload_redirect
from core.views import PrivateFile, private_file_view

from . import services
from .client_ip import client_ip
from .constants import DPI_MAX_MB, VIDEO_MAX_MB, IdentityState
from .forms import (
    AcceptTermsForm,
    EmailRecoveryForm,
    IdentityVerificationForm,
    LoginForm,
    PasswordRecoveryForm,
    PersonalDataForm,
    PortalPasswordChangeForm,
    PortalSetPasswordForm,
    RegistrationForm,
    ResendConfirmationForm,
)
from .identity import identity_gate, identity_state, latest_verification, submit_identity
from .middleware import SESSION_KEY
from .models import IdentityVerification, Notification, Profile
from .profiles import profile_missing_fields
from .throttling import FAIL_OPEN, refuse_if_limited, throttled

# Two DPI images and a video, each at its limit, plus the form's other fields.
IDENTITY_MAX_BODY = (2 * DPI_MAX_MB + VIDEO_MAX_MB + 1) * MEGABYTE
IDENTITY_RETURN_KEY = "identity_return_to"  # where a system that requires a verified identity waits


@never_cache
@throttled("20/h")
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    terms = TermsOfUsePage.current()
    form = RegistrationForm(request.POST or None, terms_url=terms.url if terms else None)
    if request.method == "POST" and refuse_if_limited(request, form):
        return render(request, "accounts/register.html", {"form": form, "terms": terms}, status=429)
    if request.method == "POST" and form.is_valid():
        services.register(
            cui=form.cleaned_data["cui"],
            email=form.cleaned_data["email"],
            birth_date=form.cleaned_data["birth_date"],
            password=form.cleaned_data["password1"],
            terms_revision=terms.live_revision if terms else None,
            ip_address=client_ip(request),
        )
        return redirect("accounts:registration_sent")
    return render(request, "accounts/register.html", {"form": form, "terms": terms})


def registration_sent(request):
    return render(request, "accounts/registration_sent.html")


@never_cache
def confirm_email(request, token):
    user = services.confirm_email(token)
    return render(request, "accounts/confirm_email.html", {"confirmed": user is not None}, status=200 if user else 400)


@never_cache
@throttled("10/h")
def resend_confirmation(request):
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and refuse_if_limited(request, form):
        return render(request, "accounts/resend_confirmation.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        services.resend_confirmation(form.cleaned_data["identifier"])
        return redirect("accounts:registration_sent")
    return render(request, "accounts/resend_confirmation.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)  # login() rotates the session key
        user = form.get_user()
        terms = TermsOfUsePage.current()
        if terms and services.has_accepted(user, terms.live_revision):
            self.request.session[SESSION_KEY] = terms.live_revision_id
        if user.is_unconfirmed_import:
            # A CAPE account's first sign-in (its old password is now Argon2): confirm the email here.
            services.send_confirmation(user)
            return redirect(f"{reverse('accounts:legacy_welcome')}?{urlencode({'next': self.get_success_url()})}")
        return response


class LogoutView(auth_views.LogoutView):
    """Sign out by POST only (a link cannot sign anyone out)."""


@never_cache
@login_required
def accept_terms(request):
    terms = TermsOfUsePage.current()
    next_url = request.GET.get("next") or reverse("accounts:dashboard")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("accounts:dashboard")
    if terms is None:
        return redirect(next_url)
    form = AcceptTermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.accept_terms(user=request.user, revision=terms.live_revision, ip_address=client_ip(request))
        request.session[SESSION_KEY] = terms.live_revision_id
        messages.success(request, _("Gracias. Aceptó la versión vigente de los términos y condiciones."))
        return redirect(next_url)
    return render(request, "accounts/accept_terms.html", {"form": form, "terms": terms})


@never_cache
@throttled("10/h")
def password_recovery(request):
    form = PasswordRecoveryForm(request.POST or None)
    if request.method == "POST" and refuse_if_limited(request, form):
        return render(request, "accounts/password_recovery.html", {"form": form, "tab": "correo"}, status=429)
    if request.method == "POST" and form.is_valid():
        services.request_password_reset(form.cleaned_data["cui"])
        return render(request, "accounts/recovery_sent.html")
    return render(request, "accounts/password_recovery.html", {"form": form, "tab": "correo"})


@never_cache
@throttled("5/h")
def email_recovery(request):
    form = EmailRecoveryForm(request.POST or None)
    if request.method == "POST" and refuse_if_limited(request, form):
        return render(request, "accounts/email_recovery.html", {"form": form, "tab": "sin-correo"}, status=429)
    if request.method == "POST" and form.is_valid():
        services.request_email_change(
            cui=form.cleaned_data["cui"],
            birth_date=form.cleaned_data["birth_date"],
            new_email=form.cleaned_data["new_email"],
            ip_address=client_ip(request),
        )
        return render(request, "accounts/email_recovery_sent.html")
    return render(request, "accounts/email_recovery.html", {"form": form, "tab": "sin-correo"})


@never_cache
def confirm_new_email(request, token):
    change = services.confirm_new_email(token)
    return render(request, "accounts/confirm_new_email.html", {"change": change}, status=200 if change else 400)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PortalSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)  # the new password ends every other session
        services.password_changed(form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PortalPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session, ends the others
        services.password_changed(form.user)
        messages.success(self.request, _("Su contraseña fue cambiada."))
        return response


PERSONAL_DATA_SAVED = "personal_data_saved"


@never_cache
@login_required
def personal_data(request):
    profile, _created = Profile.objects.select_related("municipality").get_or_create(user=request.user)
    form = PersonalDataForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The manual's "¡Felicidades!" dialog (with Continuar) shows once, on the page the save leads to.
        request.session[PERSONAL_DATA_SAVED] = True
        return redirect("accounts:personal_data")
    return render(
        request,
        "accounts/personal_data.html",
        {
            "form": form,
            "profile": profile,
            "identity": identity_state(request.user),
            "states": IdentityState,
            "saved": request.method == "GET" and request.session.pop(PERSONAL_DATA_SAVED, False),
        },
    )


ACCOUNT_SERVICE_URLS = {"/certificaciones/", "/cuenta/verificar-identidad/", "/casillero/"}


def home_page(request):
    """The site's home page (its services and authorised systems feed the tablero), or ``None``."""
    site = Site.find_for_request(request)
    root = site.root_page.specific if site else None
    return root if isinstance(root, HomePage) else None


@never_cache
@login_required
def legacy_welcome(request):
    """What a person who came from CAPE completes here: email, terms (asked before this page), personal data."""
    next_url = request.GET.get("next") or ""
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("accounts:dashboard")
    return render(
        request,
        "accounts/legacy_welcome.html",
        {"missing": profile_missing_fields(request.user), "next_url": next_url},
    )


@never_cache
@login_required
def dashboard(request):
    """The tablero: the signed-in hub (the OJ manual's "OJ Virtual") with every service of the
    portal and the authorised systems, and what stands in the way of each one."""
    missing = profile_missing_fields(request.user)
    home = home_page(request)
    other_services = [
        block for block in (home.services if home else []) if block.value["link"].href not in ACCOUNT_SERVICE_URLS
    ]
    return render(
        request,
        "accounts/dashboard.html",
        {
            "missing": missing,
            "identity": identity_state(request.user),
            "states": IdentityState,
            "gate": identity_gate(request.user, required=portal_settings(request).certification_requires_identity),
            "other_services": other_services,
            "authorized_systems": home.authorized_systems if home else [],
            "systems_heading": home.systems_heading if home else _("Sistemas autorizados"),
        },
    )


@never_cache
@login_required
def mailbox(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = page_of(request, notifications, 20)
    profile = getattr(request.user, "profile", None)
    return render(request, "accounts/mailbox.html", {"page": page, "profile": profile})


@never_cache
@login_required
def notification_detail(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None and services.mark_read(user=request.user, notification_ids=[notification.pk]):
        notification.refresh_from_db(fields=["read_at"])
    return render(request, "accounts/notification_detail.html", {"notification": notification})


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(user=request.user)
    messages.success(request, _("Se marcaron %(count)s notificaciones como leídas.") % {"count": count})
    return redirect("accounts:mailbox")


@never_cache
@login_required
@throttled("20/h", when_cache_is_down=FAIL_OPEN)  # signed-in people; sends no email
@upload_limit(IDENTITY_MAX_BODY)
def identity(request):
    """*Verificar mi identidad*: status, instructions and the evidence form.

    Another system that requires a verified identity sends people here with ``?next=`` (a path
    of this portal) and ``sistema`` (its name): the page says so and, once the identity is
    verified, offers to continue there.
    """
    next_url = request.GET.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[IDENTITY_RETURN_KEY] = {"url": next_url, "system": request.GET.get("sistema", "")[:120]}
    state = identity_state(request.user)
    form = None
    if state in (IdentityState.UNVERIFIED, IdentityState.REJECTED):
        form = IdentityVerificationForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and not refuse_if_limited(request, form) and form.is_valid():
            try:
                submit_identity(
                    user=request.user,
                    front=form.cleaned_data["dpi_front"],
                    back=form.cleaned_data["dpi_back"],
                    video=form.cleaned_data["video"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("SOLICITUD ENVIADA - PENDIENTE DE CONFIRMAR"))
                return upload_redirect(request, reverse("accounts:identity"))
    return render(
        request,
        "accounts/identity.html",
        {
            "state": state,
            "form": form,
            "latest": latest_verification(request.user),
            "states": IdentityState,
            "return_to": request.session.get(IDENTITY_RETURN_KEY),
        },
    )


IDENTITY_FILES = {
    "anverso": ("dpi_front", "dpi_front_type"),
    "reverso": ("dpi_back", "dpi_back_type"),
    "video": ("video", "video_type"),
}


def identity_evidence(request, pk, kind) -> PrivateFile:
    """Evidence, as an attachment, to its owner or to staff allowed to review identities (404 otherwise)."""
    if kind not in IDENTITY_FILES:
        raise Http404
    verifications = IdentityVerification.objects.all()
    if not request.user.has_perm("accounts.review_identity"):
        verifications = verifications.filter(user=request.user)
    verification = get_object_or_404(verifications, pk=pk)
    file_field, type_field = IDENTITY_FILES[kind]
    stored = getattr(verification, file_field)
    return PrivateFile(
        stored=stored,
        filename=f"{kind}{stored.name[stored.name.rfind('.') :]}",
        content_type=getattr(verification, type_field),
    )


identity_file = private_file_view(identity_evidence)
