"""The pages to sign up, log in and log out; the same services as the API."""

from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import LoginForm, SignupForm
from accounts.login_throttle import LoginThrottled
from accounts.throttling import client_address


def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_user(**form.cleaned_data)
        except ValidationError as problems:
            for field, reasons in problems.message_dict.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("dashboard")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


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
                ip_address=client_address(request),
            )
        except LoginThrottled as throttled:
            form.add_error(None, f"Too many failed logins; try again in {throttled.retry_after} seconds.")
            status, retry_after = 429, throttled.retry_after
        except services.InvalidCredentials:
            form.add_error(None, "Unable to log in with that username and password.")
            status = 400
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
            return redirect(next_url if next_url and safe else "dashboard")
    response = render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@require_POST
def logout_page(request):
    logout(request)
    return redirect("login")
