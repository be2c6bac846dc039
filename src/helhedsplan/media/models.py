"""Press mentions of the estates and the programme's activities, and the outlets they appear in.

A mention carries two tones: the one the system suggested from its words, and the one the
person registering it chose. Criterion O4 counts the chosen tone; the suggestion is kept so
the administrators can see how often it was right.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.core.lists.models import ProgrammeListEntry
from helhedsplan.events.models import Event
from helhedsplan.media.tone import Tone
from helhedsplan.programmes.models import Estate, Programme


class ToneSource(models.TextChoices):
    """Whether the person registering a mention agreed with the suggested tone."""

    CONFIRMED = "confirmed", _("Forslaget bekræftet")
    OVERRIDDEN = "overridden", _("Forslaget tilsidesat")


class OutletKind(models.TextChoices):
    # O4 is about the local press; K3 also counts Kulturhus Syd's and the programme's own
    # channels, whose mostly positive posts must not lift O4.
    LOCAL_PRESS = "local_press", _("Lokalavis")
    OWN_CHANNEL = "own_channel", _("Egen eller samarbejdspartners kanal")


class Outlet(ProgrammeListEntry):
    """A newspaper, newsletter or page a programme's mentions appear in."""

    kind = models.CharField(
        _("slags"),
        max_length=20,
        choices=OutletKind.choices,
        default=OutletKind.LOCAL_PRESS,
        help_text=_("Kun lokalaviser tæller med i målet om mindst 60 % positive omtaler."),
    )

    history = HistoricalRecords()

    class Meta(ProgrammeListEntry.Meta):
        verbose_name = _("medie")
        verbose_name_plural = _("medier")


class PressMention(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="press_mentions",
        verbose_name=_("indsats"),
    )
    published_on = models.DateField(_("udgivet"))
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("medie")
    )
    headline = models.CharField(_("overskrift"), max_length=300)
    url = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    excerpt = models.TextField(_("uddrag"), blank=True)
    estates = models.ManyToManyField(
        Estate, related_name="press_mentions", verbose_name=_("boligområder")
    )
    events = models.ManyToManyField(
        Event, blank=True, related_name="press_mentions", verbose_name=_("arrangementer")
    )
    tone = models.CharField(_("tone"), max_length=10, choices=Tone.choices)
    suggested_tone = models.CharField(_("foreslået tone"), max_length=10, choices=Tone.choices)
    suggestion_score = models.FloatField(_("forslagets score"))
    suggestion_reasons = models.JSONField(_("ordene bag forslaget"), default=list, blank=True)
    tone_source = models.CharField(_("tonen er"), max_length=12, choices=ToneSource.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("registreret"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[estates, events])

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("presseomtale")
        verbose_name_plural = _("presseomtaler")
        constraints = [
            # The agreement statistics rest on this: "confirmed" means exactly that the chosen
            # tone is the suggested one.
            models.CheckConstraint(
                condition=Q(tone=F("suggested_tone"), tone_source=ToneSource.CONFIRMED)
                | (~Q(tone=F("suggested_tone")) & Q(tone_source=ToneSource.OVERRIDDEN)),
                name="mention_tone_source_matches",
            ),
            models.CheckConstraint(
                condition=Q(tone__in=Tone.values) & Q(suggested_tone__in=Tone.values),
                name="mention_tones_known",
            ),
        ]
        indexes = [models.Index(fields=["programme", "published_on"])]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse(
            "media:mention_detail",
            kwargs={"slug": self.programme.slug, "mention_id": self.pk},
        )


class ToneModel(models.Model):
    """A programme's own tone model (``learning``), trained on its mentions' chosen tones,
    with how it and the rules did on those labels out of sample; or, without a programme,
    the general one, trained on the labelled headlines the product ships
    (``learning.labelled_headlines``), which a programme uses until its own model blends.
    The model is kept as JSON numbers, never pickled: nothing read from the database is run
    as code."""

    # A model is trained only on at least this many labels, every tone among them.
    MIN_LABELS = 40

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tone_model",
        verbose_name=_("indsats"),
    )
    trained_at = models.DateTimeField(_("trænet"))
    labels = models.PositiveIntegerField(_("omtaler trænet på"))
    # Cross-validated shares of the labels each got right, 0..1.
    model_accuracy = models.FloatField(_("modellens træfsikkerhed"))
    rules_accuracy = models.FloatField(_("reglernes træfsikkerhed"))
    blend_accuracy = models.FloatField(_("blandingens træfsikkerhed"))
    # The model's share of the blend; whether the suggestion blends at all.
    weight = models.FloatField(_("modellens vægt"))
    blends = models.BooleanField(_("bruges i forslaget"))
    parameters = models.JSONField(_("parametre"))

    class Meta:
        verbose_name = _("tonemodel")
        verbose_name_plural = _("tonemodeller")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=1)
                & Q(model_accuracy__gte=0, model_accuracy__lte=1)
                & Q(rules_accuracy__gte=0, rules_accuracy__lte=1)
                & Q(blend_accuracy__gte=0, blend_accuracy__lte=1),
                name="tone_model_shares",
            ),
            # A unique column lets any number of NULLs through, so the general model (no
            # programme) has its own rule: at most one row without a programme.
            models.UniqueConstraint(Coalesce("programme", Value(0)), name="tone_model_one_general"),
        ]

    def __str__(self) -> str:
        return str(self.programme) if self.programme else str(_("generel tonemodel"))

    # In per cent, as the pages show shares.
    @property
    def model_percent(self) -> float:
        return 100 * self.model_accuracy

    @property
    def rules_percent(self) -> float:
        return 100 * self.rules_accuracy

    @property
    def blend_percent(self) -> float:
        return 100 * self.blend_accuracy

    @property
    def weight_percent(self) -> float:
        return 100 * self.weight
