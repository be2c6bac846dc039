"""The surveys' pages."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import User, programme_with_access
from helhedsplan.core import idempotency
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access, one_programme_or_choice
from helhedsplan.programmes.models import Programme
from helhedsplan.surveys import access, queries, services
from helhedsplan.surveys.forms import (
    LanguageForm,
    MoveForm,
    NewQuestionForm,
    QuartersForm,
    QuestionForm,
    QuestionnaireForm,
    TranslationForm,
    WaveForm,
    WaveUpdateForm,
)
from helhedsplan.surveys.models import Choice, Language, Question, Questionnaire, Version, Wave

# Helper SA: questionnaires, versions and questions, translations, waves --------------------------


def _questionnaire(
    request: HttpRequest,
    slug: str,
    questionnaire_id: int,
    allowed: Callable[[User, Programme], bool],
) -> Questionnaire:
    return get_with_access(
        Questionnaire.objects.select_related("programme"),
        lambda questionnaire: allowed(request.user, questionnaire.programme),
        pk=questionnaire_id,
        programme__slug=slug,
    )


def _version(
    request: HttpRequest,
    slug: str,
    questionnaire_id: int,
    number: int,
    allowed: Callable[[User, Programme], bool],
) -> Version:
    return get_with_access(
        Version.objects.select_related("questionnaire__programme"),
        lambda version: allowed(request.user, version.questionnaire.programme),
        questionnaire_id=questionnaire_id,
        questionnaire__programme__slug=slug,
        number=number,
    )


def _question(request: HttpRequest, slug: str, question_id: int) -> Question:
    return get_with_access(
        Question.objects.select_related("version__questionnaire__programme"),
        lambda question: access.may_manage(request.user, question.version.questionnaire.programme),
        pk=question_id,
        version__questionnaire__programme__slug=slug,
    )


def _wave(
    request: HttpRequest, slug: str, wave_id: int, allowed: Callable[[User, Wave], bool]
) -> Wave:
    return get_with_access(
        Wave.objects.select_related("questionnaire__programme", "estate", "version"),
        lambda wave: allowed(request.user, wave),
        pk=wave_id,
        questionnaire__programme__slug=slug,
    )


def _version_url(version: Version) -> str:
    questionnaire = version.questionnaire
    return reverse(
        "surveys:version",
        kwargs={
            "slug": questionnaire.programme.slug,
            "questionnaire_id": questionnaire.pk,
            "number": version.number,
        },
    )


def _created(
    request: HttpRequest,
    *,
    key: str,
    write: Callable[[], Questionnaire | Wave | str],
    form: forms.BaseForm,
    refused: Callable[[], HttpResponse],
    message: str,
) -> HttpResponse:
    """A create form's write under its idempotency key: a repeated POST gets the first
    answer; a service's refusal goes onto the form (and is not recorded under the key)."""

    def run() -> HttpResponse:
        try:
            created = write()
        except ValidationError as error:
            add_service_errors(form, error)
            return refused()
        messages.success(request, message)
        return redirect(created)

    return idempotency.form_write(request, key=key, run=run)


# Questionnaires ---------------------------------------------------------------------------------


@require_GET
@login_required
def questionnaire_index(request: HttpRequest) -> HttpResponse:
    """The menu's address: the questionnaires of the person's programme, or a choice."""
    return one_programme_or_choice(
        request,
        list(access.surveyed_programmes(request.user).order_by("name")),
        page=_list_page,
        heading=_("Spørgeskemaer"),
        url_name="surveys:list",
    )


@require_GET
@login_required
def questionnaire_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _list_page(request, programme_with_access(request.user, slug, access.may_see_surveys))


def _list_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    waves = Wave.objects.filter(questionnaire__programme=programme)
    return render(
        request,
        "surveys/sa_questionnaire_list.html",
        {
            "programme": programme,
            "questionnaires": queries.questionnaire_list(programme),
            "open_waves": queries.open_waves(waves, today=timezone.localdate()),
            "may_manage": access.may_manage(request.user, programme),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def questionnaire_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_manage)
    form = QuestionnaireForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "surveys/sa_questionnaire_form.html",
            {"programme": programme, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page(400)
    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=lambda: services.questionnaire_create(
            programme=programme, slug=form.cleaned_data["slug"], title=form.cleaned_data["title"]
        ),
        form=form,
        refused=lambda: page(400),
        message=_("Spørgeskemaet er oprettet med version 1 på dansk."),
    )


@require_GET
@login_required
def questionnaire_detail(request: HttpRequest, slug: str, questionnaire_id: int) -> HttpResponse:
    questionnaire = _questionnaire(request, slug, questionnaire_id, access.may_see_surveys)
    programme = questionnaire.programme
    latest = queries.latest_version(questionnaire)
    return render(
        request,
        "surveys/sa_questionnaire_detail.html",
        {
            "programme": programme,
            "questionnaire": questionnaire,
            "versions": questionnaire.versions.order_by("-number"),
            **_version_context(request, latest, latest=latest),
            "waves": queries.with_answers(questionnaire.waves.all()).order_by(
                "-opens_on", "estate__name"
            ),
            "may_open_waves": access.may_open_waves(request.user, programme),
        },
    )


@require_GET
@login_required
def version_detail(
    request: HttpRequest, slug: str, questionnaire_id: int, number: int
) -> HttpResponse:
    version = _version(request, slug, questionnaire_id, number, access.may_see_surveys)
    questionnaire = version.questionnaire
    return render(
        request,
        "surveys/sa_version_detail.html",
        {
            "programme": questionnaire.programme,
            "questionnaire": questionnaire,
            **_version_context(request, version, latest=queries.latest_version(questionnaire)),
        },
    )


def _version_context(request: HttpRequest, version: Version, *, latest: Version) -> dict:
    """A version's questions, languages and whether it may change, as both pages show them."""
    programme = version.questionnaire.programme
    return {
        "version": version,
        "is_latest": version.pk == latest.pk,
        "questions": version.questions.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position"))
        ),
        "locked": queries.version_locked(version),
        "completeness": queries.completeness(version),
        "may_manage": access.may_manage(request.user, programme),
    }


@require_POST
@login_required
def version_create(request: HttpRequest, slug: str, questionnaire_id: int) -> HttpResponse:
    questionnaire = _questionnaire(request, slug, questionnaire_id, access.may_manage)
    version = services.version_create(questionnaire=questionnaire)
    messages.success(
        request,
        _("Version %(number)s er lavet som en kopi af den forrige og kan ændres.")
        % {"number": version.number},
    )
    return redirect(_version_url(version))


# Questions --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def question_create(
    request: HttpRequest, slug: str, questionnaire_id: int, number: int
) -> HttpResponse:
    version = _version(request, slug, questionnaire_id, number, access.may_manage)
    form = NewQuestionForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        return _question_page(request, version, form, None, status)

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page(400)

    def write() -> str:
        services.question_add(version=version, **form.details())
        return _version_url(version)

    return _created(
        request,
        key=form.cleaned_data["idempotency_key"],
        write=write,
        form=form,
        refused=lambda: page(400),
        message=_("Spørgsmålet er tilføjet."),
    )


def _question_page(
    request: HttpRequest,
    version: Version,
    form: QuestionForm,
    question: Question | None,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "surveys/sa_question_form.html",
        {
            "programme": version.questionnaire.programme,
            "questionnaire": version.questionnaire,
            "version": version,
            "version_url": _version_url(version),
            "question": question,
            "form": form,
            "locked": queries.version_locked(version),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def question_update(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    question = _question(request, slug, question_id)
    version = question.version
    form = QuestionForm.of(question, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, **form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Spørgsmålet er gemt."))
            return redirect(_version_url(version))
    return _question_page(request, version, form, question, 400 if form.is_bound else 200)


@require_POST
@login_required
def question_remove(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    question = _question(request, slug, question_id)
    version = question.version
    try:
        services.question_remove(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Spørgsmålet er fjernet."))
    return redirect(_version_url(version))


@require_POST
@login_required
def question_move(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    question = _question(request, slug, question_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.question_move(question=question, up=form.cleaned_data["direction"] == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{_version_url(question.version)}#question-{question.pk}")


# Languages and translations ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def language_create(
    request: HttpRequest, slug: str, questionnaire_id: int, number: int
) -> HttpResponse:
    version = _version(request, slug, questionnaire_id, number, access.may_manage)
    form = LanguageForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "surveys/sa_language_form.html",
            {
                "programme": version.questionnaire.programme,
                "questionnaire": version.questionnaire,
                "version": version,
                "version_url": _version_url(version),
                "form": form,
            },
            status=status,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page(400)
    data = form.cleaned_data
    return _created(
        request,
        key=data["idempotency_key"],
        write=lambda: _translation_url(
            services.language_add(
                version=version,
                code=data["code"],
                name=data["name"],
                right_to_left=data["right_to_left"],
                title=data["title"],
                introduction=data["introduction"],
            )
        ),
        form=form,
        refused=lambda: page(400),
        message=_("Sproget er tilføjet. Skriv oversættelserne nedenfor."),
    )


def _translation_url(language: Language) -> str:
    return reverse(
        "surveys:translation",
        kwargs={
            "slug": language.version.questionnaire.programme.slug,
            "language_id": language.pk,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def translation(request: HttpRequest, slug: str, language_id: int) -> HttpResponse:
    """A language's texts on one page, saved together."""
    language = get_with_access(
        Language.objects.select_related("version__questionnaire__programme"),
        lambda found: access.may_manage(request.user, found.version.questionnaire.programme),
        pk=language_id,
        version__questionnaire__programme__slug=slug,
    )
    form = TranslationForm(request.POST or None, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.language_translate(language=language, **form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Oversættelsen er gemt."))
            return redirect(_translation_url(language))
    version = language.version
    return render(
        request,
        "surveys/sa_translation.html",
        {
            "programme": version.questionnaire.programme,
            "questionnaire": version.questionnaire,
            "version": version,
            "version_url": _version_url(version),
            "language": language,
            "form": form,
            "missing": queries.missing_texts(language),
        },
        status=400 if form.is_bound else 200,
    )


# Waves ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def wave_create(request: HttpRequest, slug: str, questionnaire_id: int) -> HttpResponse:
    questionnaire = _questionnaire(request, slug, questionnaire_id, access.may_open_waves)
    estates = access.managed_estates(request.user, questionnaire.programme)
    form = WaveForm(request.POST or None, estates=estates)

    def page(status: int = 200) -> HttpResponse:
        return _wave_form_page(request, questionnaire, form, "surveys/sa_wave_form.html", status)

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page(400)
    data = form.cleaned_data
    return _created(
        request,
        key=data["idempotency_key"],
        write=lambda: services.wave_create(
            questionnaire=questionnaire,
            estate=data["estate"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            target=data["target"],
        ),
        form=form,
        refused=lambda: page(400),
        message=_("Runden er oprettet."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def wave_quarters(request: HttpRequest, slug: str, questionnaire_id: int) -> HttpResponse:
    """The four quarters of a year as waves in an estate, at once."""
    questionnaire = _questionnaire(request, slug, questionnaire_id, access.may_open_waves)
    estates = access.managed_estates(request.user, questionnaire.programme)
    form = QuartersForm(request.POST or None, estates=estates)

    def page(status: int = 200) -> HttpResponse:
        return _wave_form_page(
            request, questionnaire, form, "surveys/sa_quarters_form.html", status
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page(400)
    data = form.cleaned_data

    def write() -> str:
        services.waves_quarters_create(
            questionnaire=questionnaire,
            estate=data["estate"],
            year=data["year"],
            target=data["target"],
        )
        return questionnaire.get_absolute_url()

    return _created(
        request,
        key=data["idempotency_key"],
        write=write,
        form=form,
        refused=lambda: page(400),
        message=_("Årets fire kvartalsrunder er oprettet."),
    )


def _wave_form_page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    form: WaveForm | QuartersForm,
    template: str,
    status: int,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "programme": questionnaire.programme,
            "questionnaire": questionnaire,
            "version": queries.latest_version(questionnaire),
            "form": form,
        },
        status=status,
    )


@require_GET
@login_required
def wave_detail(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    wave = _wave(request, slug, wave_id, access.may_see_wave)
    by_channel = queries.answers_by_channel(wave)
    answers = sum(count for _label, count in by_channel)
    return render(
        request,
        "surveys/sa_wave_detail.html",
        {
            "programme": wave.questionnaire.programme,
            "questionnaire": wave.questionnaire,
            "wave": wave,
            "answers": answers,
            "by_channel": by_channel,
            "progress": min(100, round(100 * answers / wave.target)) if wave.target else None,
            "is_open": wave.opens_on <= timezone.localdate() <= wave.closes_on,
            "may_manage": access.may_manage_wave(request.user, wave),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def wave_update(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    wave = _wave(request, slug, wave_id, access.may_manage_wave)
    form = WaveUpdateForm(
        request.POST or None,
        initial={"opens_on": wave.opens_on, "closes_on": wave.closes_on, "target": wave.target},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.wave_update(wave=wave, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Runden er gemt."))
            return redirect(wave)
    return render(
        request,
        "surveys/sa_wave_update.html",
        {
            "programme": wave.questionnaire.programme,
            "questionnaire": wave.questionnaire,
            "wave": wave,
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )
