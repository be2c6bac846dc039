"""What the press mentions offer the indicators (``helhedsplan.core.indicator_sources``).

O4 counts mentions by tone: the source ``media.mention``, with the filters ``tone``,
``outlet`` (by name), ``outlet_kind`` and ``local_press``: O4 is about the local press, so
its numerator and denominator should both ask for ``local_press``. K3 counts cultural events
covered by the press: the filter ``press_covered`` on the events' source, true for events
with at least one linked mention in any outlet (the criterion names Kulturhus Syd's and the
programme's own channels as press too).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import indicator_sources as sources
from helhedsplan.events import indicator_sources as event_sources
from helhedsplan.media.models import OutletKind, PressMention
from helhedsplan.media.tone import Tone

SOURCE_KEY = "media.mention"
PRESS_COVERED = "press_covered"


def _covered(wanted: bool) -> Q:
    """Events with a linked mention (or, asked for ``False``, without one), by EXISTS so an
    event covered twice is counted once."""
    return sources.has_any_related(PressMention.events.through, "event", wanted)


def _local_press(wanted: bool) -> Q:
    local = Q(outlet__kind=OutletKind.LOCAL_PRESS)
    return local if wanted else ~local


def _row_url(mention: PressMention) -> str:
    return mention.get_absolute_url()


def register() -> None:
    sources.register(
        sources.Source(
            key=SOURCE_KEY,
            label=_("Presseomtaler"),
            model=PressMention,
            date_field="published_on",
            estate_field="estates",
            estates_many=True,
            filters={
                "tone": sources.Filter(
                    _("tone"), lambda value: Q(tone=value), sources.choice_words(Tone)
                ),
                "outlet": sources.Filter(_("medie"), lambda value: Q(outlet__name=value)),
                "outlet_kind": sources.Filter(
                    _("slags medie"),
                    lambda value: Q(outlet__kind=value),
                    sources.choice_words(OutletKind),
                ),
                "local_press": sources.Filter(_("i lokalpressen"), _local_press),
            },
            row_url=_row_url,
        )
    )
    sources.register_filter(
        event_sources.SOURCE_KEY, PRESS_COVERED, sources.Filter(_("omtalt i pressen"), _covered)
    )
