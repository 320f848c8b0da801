"""The pages to sign up, log in, log out and change one's settings; the same services as the API."""

from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import services
from accounts.brute_force import LoginThrottled
from accounts.forms import LoginForm, PasswordChangeForm, SetPasswordForm, SettingsForm, SignupForm
from accounts.rate_limits import AddressRateThrottle

# The page signs up through the API's throttle, so neither is a way around the other.
REGISTER_ENDPOINT = SimpleNamespace(throttle_scope="register")
PASSWORD_RESET_ENDPOINT = SimpleNamespace(throttle_scope="password_reset")


def add_service_errors(form, problems: ValidationError) -> None:
    """A service's reasons beside the fields they are about (the rest above the form)."""
    for field, reasons in problems.message_dict.items():
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)


def signup(request):
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        throttle = AddressRateThrottle()
        if not throttle.allow_request(request, REGISTER_ENDPOINT):
            minutes = max(1, round((throttle.wait() or 60) / 60))
            form.add_error(None, f"Too many sign-ups from your address; try again in {minutes} minutes.")
            return render(request, "accounts/signup.html", {"form": form, "nav": "signup"}, status=429)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            user = services.register_user(
                username=fields["username"], password=fields["password"], email=fields["email"]
            )
        except ValidationError as problems:
            add_service_errors(form, problems)
        else:
            if fields["time_zone"]:
                services.update_settings(user=user, changes={"time_zone": fields["time_zone"]})
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            return redirect("dashboard")
    if form.errors:
        status = 400
    return render(request, "accounts/signup.html", {"form": form, "nav": "signup"}, status=status)


def login_page(request):
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    status = 200
    retry_after = None
    if request.method == "POST" and form.is_valid():
        try:
            user = services.authenticate_user(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                request=request,
            )
        except LoginThrottled as throttled:
            form.add_error(None, f"Too many failed logins; try again in {throttled.retry_after} seconds.")
            status, retry_after = 429, throttled.retry_after
        except services.InvalidCredentials:
            form.add_error(None, "Unable to log in with that username and password.")
            status = 400
        else:
            login(request, user)
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
            return redirect(next_url if next_url and safe else "dashboard")
    elif form.errors:
        status = 400
    response = render(
        request, "accounts/login.html", {"form": form, "next": next_url, "nav": "login"}, status=status
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@require_POST
def logout_page(request):
    logout(request)
    messages.success(request, "You are logged out.")
    return redirect("login")


@login_required
def settings_page(request):
    user = request.user
    initial = {name: getattr(user, name) for name in services.SELF_SERVICE_FIELDS}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(user=user, changes=form.cleaned_data)
        except ValidationError as problems:
            user.refresh_from_db()  # the refused values must not show as the user's own
            add_service_errors(form, problems)
        else:
            messages.success(request, "Your settings are saved.")
            return redirect("settings")
    status = 400 if form.errors else 200
    return render(request, "accounts/settings.html", {"form": form, "nav": "settings"}, status=status)


@login_required
def password_change_page(request):
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                user=request.user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
                request=request,
            )
        except LoginThrottled as throttled:
            form.add_error(None, str(throttled))
            status = 429
        except ValidationError as problems:
            add_service_errors(form, problems)
        else:
            messages.success(request, "Your password is changed; your other devices are logged out.")
            return redirect("settings")
    if form.errors and status == 200:
        status = 400
    return render(request, "accounts/password_change.html", {"form": form, "nav": "settings"}, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the email and sends the link (Django's tokens: single use, expiring after
    PASSWORD_RESET_TIMEOUT); whether the address is known is never told. Rated per
    address, so it cannot be used to flood someone's inbox."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    extra_context = {"nav": "login"}
    extra_email_context = {"timeout_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}

    def post(self, request, *args, **kwargs):
        throttle = AddressRateThrottle()
        if not throttle.allow_request(request, PASSWORD_RESET_ENDPOINT):
            form = self.get_form()
            minutes = max(1, round((throttle.wait() or 60) / 60))
            form.add_error(
                None, f"Too many reset emails asked for from your address; try again in {minutes} minutes."
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    extra_context = {"nav": "login"}
