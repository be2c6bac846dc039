"""The forms of the managed lists' pages."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.lists.models import NAME_MAX_LENGTH, Direction, ListEntry


class ListEntryForm(forms.Form):
    """An entry's name. A list whose model has fields of its own subclasses this form and
    adds them; those named in ``fixed`` are chosen when the entry is made and never changed
    after (an event type's code, which the indicators count by)."""

    fixed: ClassVar[tuple[str, ...]] = ()

    name = forms.CharField(label=_("Navn"), max_length=NAME_MAX_LENGTH)

    def __init__(
        self, *args: Any, entry: ListEntry | None = None, example: str | Promise = "", **kwargs: Any
    ) -> None:
        """``entry`` makes it the form that renames that entry, filled in with what it has."""
        if entry is not None:
            kwargs["initial"] = {
                name: getattr(entry, name)
                for name in self.base_fields
                if name == "name" or name not in self.fixed
            }
        super().__init__(*args, **kwargs)
        if entry is not None:
            for name in self.fixed:
                del self.fields[name]
        if example:
            self.fields["name"].help_text = str(example)

    @classmethod
    def detail_names(cls, *, changeable: bool = False) -> list[str]:
        """The model's own fields the form sets; ``changeable``: those a rename may change."""
        return [
            name
            for name in cls.base_fields
            if name != "name" and not (changeable and name in cls.fixed)
        ]

    def details(self) -> dict[str, Any]:
        """The cleaned fields other than the name, as the services take them."""
        return {name: value for name, value in self.cleaned_data.items() if name != "name"}


class MoveForm(forms.Form):
    direction = forms.TypedChoiceField(
        label=_("Retning"), choices=Direction.choices, coerce=Direction
    )
