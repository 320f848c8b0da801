import zoneinfo

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms

from accounts.brute_force import LoginThrottled
from accounts.models import NICKNAME_MAX_LENGTH, NICKNAME_MIN_LENGTH


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class SignupForm(forms.Form):
    username = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"}))
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not all digits, not a common password.",
    )
    # Filled in by the browser (static/js/signup.js), so days begin at the student's midnight.
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_time_zone(self) -> str:
        """A zone the browser reports but we do not know is dropped, not an error nobody can fix."""
        name = self.cleaned_data["time_zone"]
        return name if name in zoneinfo.available_timezones() else ""


class LoginForm(forms.Form):
    username = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class SettingsForm(forms.Form):
    """Shapes only: the ranges are the model's, checked by `services.update_settings`."""

    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    new_cards_per_day = forms.IntegerField(
        label="New cards a day",
        help_text="How many unseen questions a day may bring, per set (0 to 500).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    desired_retention = forms.FloatField(
        label="Desired retention",
        help_text="The share of cards you want to still know when they come due, from 0.7 to 0.99. "
        "Higher means more reviews.",
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        help_text="Where your days begin: the new-card limit, streaks and “due today” follow it.",
    )
    nickname = forms.CharField(
        required=False,
        max_length=NICKNAME_MAX_LENGTH,
        help_text="The name other students see on the leaderboards, never your username. "
        f"{NICKNAME_MIN_LENGTH} to {NICKNAME_MAX_LENGTH} letters, digits and spaces; "
        "leave it empty to stay off them.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "spellcheck": "false"}),
    )
    show_on_leaderboards = forms.BooleanField(
        required=False,
        label="Show me on leaderboards",
        help_text="Untick to leave every leaderboard; you still see your own points.",
    )


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login, told why it is refused while a brute-force rule holds (the
    backend raises LoginThrottled rather than a silent failure)."""

    def clean(self):
        try:
            return super().clean()
        except LoginThrottled as throttled:
            raise forms.ValidationError(str(throttled), code="throttled") from None


class PasswordChangeForm(forms.Form):
    """Shapes only: `services.change_password` checks the current password and the new one."""

    current_password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not all digits, not a common password. Your other "
        "devices are logged out.",
    )


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The reset link's form, saving through `services.set_password`, so a reset logs every
    device out as a change does."""

    def save(self, commit=True):
        from accounts import services

        return services.set_password(
            user=self.user, password=self.cleaned_data["new_password1"], validate_password=False
        )
