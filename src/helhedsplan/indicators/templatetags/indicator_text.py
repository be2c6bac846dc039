"""The indicators' words in templates: ``{% load indicator_text %}{{ cell.result|words }}``."""

from __future__ import annotations

from django import template

from helhedsplan.core import indicator_sources as sources
from helhedsplan.indicators import presentation
from helhedsplan.indicators.engine import Result, SubResult
from helhedsplan.indicators.phrases import ProposedIndicator
from helhedsplan.programmes.models import Estate

register = template.Library()


@register.filter
def words(result: Result) -> str:
    return presentation.words(result)


@register.filter
def average_text(result: Result) -> str:
    return presentation.average_text(result)


@register.filter
def share_text(result: Result) -> str:
    return presentation.share_text(result)


@register.filter
def scope_name(estate: Estate | None) -> str:
    return presentation.scope_name(estate)


@register.filter
def sub_label(sub: SubResult) -> str:
    return presentation.sub_label(sub)


@register.filter
def sub_value(sub: SubResult) -> str:
    return presentation.sub_value(sub)


@register.filter
def quarters_text(result: Result) -> str:
    return presentation.quarters_text(result)


@register.filter
def sub_heading(result: Result) -> str:
    return presentation.sub_heading(result)


@register.filter
def anonymous_note(source: sources.Source) -> str:
    return presentation.anonymous_note(source)


@register.filter
def proposed_target(proposed: ProposedIndicator) -> str:
    return presentation.proposed_target(proposed)


@register.filter
def confidence_words(proposed: ProposedIndicator) -> str:
    return presentation.confidence_words(proposed)
