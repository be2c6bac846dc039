"""Forms of the audit trail and the sign-in log. They parse the request's filters; the
queries decide what is shown.

A filter that does not parse (an unknown kind of record, a date that is no date) is left out,
with its message on the field, and the rest still apply: a link to a kind that is no longer
audited should still show something.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from helhedsplan.audit.queries import Cursor, Period, SignInFilter, TrailFilter
from helhedsplan.core.audit_registry import audited_models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user = cast(User, obj)
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


def _date_field(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class _Filters(forms.Form):
    """Filters by person and by date (both days included), and ``after``, the cursor where
    the page starts, which the links to older pages carry and the filter form drops."""

    person = PersonField(
        label=_("Person"), queryset=User.objects.none(), required=False, empty_label=_("Alle")
    )
    date_from = _date_field(_("Fra dato"))
    date_to = _date_field(_("Til dato"))
    after = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def __init__(self, data: QueryDict, *, people: QuerySet[User]) -> None:
        super().__init__(data)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people

    def clean_after(self) -> Cursor | None:
        return Cursor.from_token(self.cleaned_data["after"])

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", _("Til-datoen ligger før fra-datoen."))
        return cleaned

    def _valid(self) -> dict[str, Any]:
        self.is_valid()
        return self.cleaned_data

    def period(self) -> Period:
        cleaned = self._valid()
        return Period(first=cleaned.get("date_from"), last=cleaned.get("date_to"))

    def query(self, after: Cursor | None = None) -> str:
        """These filters as a query string, for the link to a page: the first page, or with
        ``after`` the page after that cursor."""
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = self.data.get(name)
            if value and name != "after":
                query[name] = value
        if after is not None:
            query["after"] = after.token()
        return query.urlencode()


class TrailFilterForm(_Filters):
    model = forms.ChoiceField(label=_("Type"), required=False)

    field_order = ["model", "person", "date_from", "date_to"]

    def __init__(self, data: QueryDict, *, people: QuerySet[User]) -> None:
        super().__init__(data, people=people)
        model = cast(forms.ChoiceField, self.fields["model"])
        model.choices = [
            ("", _("Alle")),
            *((entry.label, capfirst(entry.name)) for entry in audited_models()),
        ]

    def criteria(self) -> TrailFilter:
        cleaned = self._valid()
        person = cleaned.get("person")
        return TrailFilter(
            model_label=cleaned.get("model") or None,
            person_id=person.pk if person else None,
            period=self.period(),
            after=cleaned.get("after"),
        )


class SignInFilterForm(_Filters):
    def criteria(self) -> SignInFilter:
        cleaned = self._valid()
        person = cleaned.get("person")
        return SignInFilter(
            username=person.get_username() if person else None,
            period=self.period(),
            after=cleaned.get("after"),
        )


class RedactionForm(forms.Form):
    texts = forms.MultipleChoiceField(
        label=_("Fjern teksten i"), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Fx: noten indeholdt et telefonnummer. Gemmes med dit navn og tidspunktet."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = cast(forms.MultipleChoiceField, self.fields["texts"])
        chosen.choices = choices
        if len(choices) == 1:
            chosen.initial = [choices[0][0]]
