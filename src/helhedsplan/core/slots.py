"""Places in one app's pages where other apps add a part, without the page's app knowing them.

A page names a slot (``{% slot "events.event_detail" event=event %}``); an app that has
something to show there registers a contribution in its ``AppConfig.ready``: a template and
a function that builds its context from the request and the slot's arguments, or returns
None when the person has nothing to see. The press section of an event's page is one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

ContextBuilder = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class Contribution:
    template: str
    # (request, **the slot's arguments) -> the template's context, or None to show nothing.
    context: ContextBuilder
    order: int = 50


_slots: dict[str, list[Contribution]] = defaultdict(list)


def register(slot: str, contribution: Contribution) -> None:
    if contribution not in _slots[slot]:
        _slots[slot].append(contribution)


def contributions(slot: str) -> list[Contribution]:
    return sorted(_slots.get(slot, []), key=lambda contribution: contribution.order)


def render_contexts(
    slot: str, request: HttpRequest, arguments: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of every contribution with something to show, in order."""
    found = []
    for contribution in contributions(slot):
        context = contribution.context(request, **arguments)
        if context is not None:
            found.append((contribution.template, {**arguments, **context}))
    return found
