from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.models import ApiTokenScope, Organisation, Role
from helhedsplan.programmes.models import Estate, Programme


class UserDetailsForm(forms.Form):
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class UserCreateForm(UserDetailsForm):
    username = forms.CharField(label=_("Brugernavn"), max_length=150)
    password1 = forms.CharField(
        label=_("Adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Gentag adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "first_name", "last_name", "email", "password1", "password2"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Brugernavnet er optaget."))
        return username

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        elif password1:
            user = get_user_model()(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def user_details(self) -> dict[str, Any]:
        """The cleaned fields, named as ``services.user_create`` names them."""
        data = self.cleaned_data
        return {
            "username": data["username"],
            "password": data["password1"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
        }


class EstatesChoiceField(forms.ModelMultipleChoiceField):
    """Estates of several programmes, each named with its programme."""

    def label_from_instance(self, obj: Estate) -> str:
        return f"{obj.name} ({obj.programme.name})"


class MembershipForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Indsats"), queryset=Programme.objects.none())
    role = forms.TypedChoiceField(label=_("Rolle"), choices=Role.choices, coerce=Role)
    estates = EstatesChoiceField(
        label=_("Boligområder"),
        queryset=Estate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vælg ingen for at give adgang til alle indsatsens boligområder."),
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        choices=[("", "---------"), *Organisation.choices],
        required=False,
        help_text=_("Kun for en samarbejdspartner: den organisation, de handler for."),
    )

    def __init__(self, *args, programmes: QuerySet[Programme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        programme = cast(forms.ModelChoiceField, self.fields["programme"])
        programme.queryset = programmes
        if programmes.count() == 1:
            programme.initial = programmes.first()
        estates = cast(EstatesChoiceField, self.fields["estates"])
        estates.queryset = Estate.objects.filter(programme__in=programmes).select_related(
            "programme"
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        programme, estates = cleaned.get("programme"), cleaned.get("estates") or []
        if programme and any(e.programme_id != programme.pk for e in estates):
            self.add_error("estates", _("Boligområderne skal høre til den valgte indsats."))
        role, organisation = cleaned.get("role"), cleaned.get("organisation")
        if role == Role.PARTNER and not organisation:
            self.add_error(
                "organisation", _("Vælg den organisation, samarbejdspartneren kommer fra.")
            )
        if role and role != Role.PARTNER and organisation:
            self.add_error(
                "organisation", _("Kun en samarbejdspartner knyttes til en organisation.")
            )
        return cleaned

    def membership_details(self) -> dict[str, Any]:
        """The cleaned fields, named as ``services.membership_grant`` names them."""
        data = self.cleaned_data
        return {
            "programme": data["programme"],
            "role": data["role"],
            "estates": data["estates"],
            "organisation": data["organisation"],
        }


class ApiTokenForm(forms.Form):
    """A new API token: its name, what it may do, where and for how long."""

    DAYS = [(30, _("30 dage")), (90, _("90 dage")), (180, _("180 dage")), (365, _("1 år"))]

    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        help_text=_("Hvad nøglen bruges til, fx »Boligorganisationens intranet«."),
    )
    scope = forms.TypedChoiceField(
        label=_("Adgang"),
        choices=ApiTokenScope.choices,
        coerce=ApiTokenScope,
        initial=ApiTokenScope.READ,
        widget=forms.RadioSelect,
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Indsatser"), queryset=Programme.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    days = forms.TypedChoiceField(label=_("Gælder i"), choices=DAYS, coerce=int, initial=90)

    def __init__(self, *args, programmes: QuerySet[Programme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["programmes"])
        field.queryset = programmes.order_by("name")
        if programmes.count() == 1:
            field.initial = list(programmes)


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code where ``recovery`` allows one."""

    code = forms.CharField(
        label=_("Kode"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )

    def __init__(self, *args: Any, recovery: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if recovery:
            field.help_text = _(
                "De seks cifre, din godkendelsesapp viser nu, eller en af dine gendannelseskoder."
            )
        else:
            field.help_text = _("De seks cifre, din godkendelsesapp viser nu.")
            field.widget.attrs["inputmode"] = "numeric"
