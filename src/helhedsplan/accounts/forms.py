from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.models import Role
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

    def clean(self) -> dict:
        cleaned = super().clean()
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


class MembershipForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Indsats"), queryset=Programme.objects.none())
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    estates = forms.ModelMultipleChoiceField(
        label=_("Boligområder"),
        queryset=Estate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vælg ingen for at give adgang til alle indsatsens boligområder."),
    )

    def __init__(self, *args, programmes: QuerySet[Programme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["estates"].queryset = Estate.objects.filter(
            programme__in=programmes
        ).select_related("programme")
        self.fields["estates"].label_from_instance = lambda e: f"{e.name} ({e.programme.name})"
        if programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()

    def clean(self) -> dict:
        cleaned = super().clean()
        programme, estates = cleaned.get("programme"), cleaned.get("estates") or []
        if programme and any(e.programme_id != programme.pk for e in estates):
            self.add_error("estates", _("Boligområderne skal høre til den valgte indsats."))
        return cleaned
