"""The error summary at the top of every page with a refused form: ``{% error_summary %}``.

``base.html`` places it once, above the page's content, so every form gets it without its
template asking: the tag finds the forms and formsets the view handed the template (as
values of the context, in lists of rows, or held by another form, as the targets page's
formsets are), and lists each message, linked to its field. ``app.js`` moves the focus to
the summary when the page loads and from a link to its field. The messages stay beside the
fields as well (``includes/form_fields.html``).

A form that another app renders into a slot has a context of its own and is not seen here;
its messages show beside its fields only. A page in a language the interface is not
translated to (a survey's respondent reads Arabic) names its own heading in the context as
``error_summary_heading``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.formsets import BaseFormSet
from django.forms.widgets import ChoiceWidget, MultiWidget

register = template.Library()


@dataclass(frozen=True)
class ErrorLine:
    text: str
    # The id of the field's first control, for the link; None for a message about the form.
    target: str | None = None


def _target(field: BoundField) -> str | None:
    """The id of the control a person fixes the field in: the first of a group of choices or
    of a widget made of several."""
    if field.id_for_label:
        return field.id_for_label
    widget = field.field.widget
    control = widget.attrs.get("id") or field.auto_id
    if not control:
        return None
    if isinstance(widget, ChoiceWidget):
        return f"{control}_0" if widget.add_id_index else control
    if isinstance(widget, MultiWidget):
        return f"{control}_0"
    return control


def _form_lines(form: forms.BaseForm) -> list[ErrorLine]:
    if not form.is_bound or not form.errors:
        return []
    lines = [ErrorLine(str(message)) for message in form.non_field_errors()]
    for field in form:
        label = str(field.label or "")
        for message in field.errors:
            text = f"{label}: {message}" if label else str(message)
            lines.append(ErrorLine(text, None if field.is_hidden else _target(field)))
    return lines


def _lines(found: forms.BaseForm | BaseFormSet) -> list[ErrorLine]:
    if isinstance(found, forms.BaseForm):
        return _form_lines(found)
    if not found.is_bound:
        return []
    lines = [ErrorLine(str(message)) for message in found.non_form_errors()]
    for form in found.forms:
        lines += _form_lines(form)
    return lines


def _held_by(value: Any) -> Iterator[Any]:
    """The forms a value holds: itself, a form's formsets, a row's forms."""
    if isinstance(value, forms.BaseForm):
        yield value
        yield from (held for held in vars(value).values() if isinstance(held, BaseFormSet))
    elif isinstance(value, BaseFormSet):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            held = getattr(value, item.name)
            if isinstance(held, forms.BaseForm | BaseFormSet):
                yield held


def _forms_in(values: Iterable[Any]) -> Iterator[forms.BaseForm | BaseFormSet]:
    # Lists and tuples only, never a queryset or other iterable: looking must not query.
    for value in values:
        if isinstance(value, list | tuple):
            for item in value:
                yield from _held_by(item)
        else:
            yield from _held_by(value)


def error_lines(values: Iterable[Any]) -> list[ErrorLine]:
    """Every message of the refused forms among ``values``, each form once, in order."""
    seen: set[int] = set()
    lines: list[ErrorLine] = []
    for found in _forms_in(values):
        if id(found) not in seen:
            seen.add(id(found))
            lines += _lines(found)
    return lines


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context: template.Context) -> dict[str, Any]:
    values = context.flatten()
    return {"lines": error_lines(values.values()), "heading": values.get("error_summary_heading")}
