"""The surveys' pages."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, User, programme_with_access
from helhedsplan.core import exports, idempotency, throttle
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access, one_programme_or_choice
from helhedsplan.core.pdf import render_pdf
from helhedsplan.programmes.models import Programme
from helhedsplan.surveys import access, paper, queries, scanning, services
from helhedsplan.surveys.forms import (
    AnswerForm,
    DecideForm,
    LanguageForm,
    MoveForm,
    NewQuestionForm,
    PaperEntryForm,
    QuartersForm,
    QuestionForm,
    QuestionnaireForm,
    ResultsFilterForm,
    ScanUploadForm,
    TranslationForm,
    WaveForm,
    WaveUpdateForm,
)
from helhedsplan.surveys.models import (
    DANISH,
    Channel,
    Choice,
    Language,
    Question,
    Questionnaire,
    ScanBatch,
    ScanPage,
    ScanStatus,
    Version,
    Wave,
)
from helhedsplan.surveys.phrases import phrases_for

# Helper SP: the public answer pages (the web link, the office tablet) and the QR poster ----

# The answers one address may send in an hour on the web: a household or a café's network
# answers a few times, a flood is refused. The office tablet has its own, higher count: a
# whole waiting room answers on it.
ANSWERS_BY_ADDRESS = throttle.Limit(scope="surveys-answer", requests=20, seconds=60 * 60)
KIOSK_ANSWERS_BY_ADDRESS = throttle.Limit(scope="surveys-kiosk", requests=120, seconds=60 * 60)
# The device's random token: one answer per device and wave. Only a hash of it with the wave
# is stored, so the stored value differs from wave to wave and names no one.
DEVICE_COOKIE = "survey_device"
DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
DEVICE_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
# The tablet's thanks page returns to an empty form by itself after this many seconds.
KIOSK_RESET_SECONDS = 8


def _device_token(request: HttpRequest) -> str | None:
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    return token if DEVICE_TOKEN.fullmatch(token) else None


def _device_hash(wave: Wave, token: str) -> str:
    """HMAC with the site's secret of the wave and the token: 64 hex digits."""
    return salted_hmac("survey-device", f"{wave.pk}:{token}", algorithm="sha256").hexdigest()


def _chosen_language(request: HttpRequest, languages: list[Language]) -> Language:
    """``?lang=`` if the version has it, else the browser's first language it has, else
    Danish."""
    by_code = {language.code.lower(): language for language in languages}
    asked = request.GET.get("lang", "").lower()
    if asked in by_code:
        return by_code[asked]
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        for candidate in (code.lower(), code.lower().split("-")[0]):
            if candidate in by_code:
                return by_code[candidate]
    return by_code.get(DANISH) or languages[0]


def _interface_language(code: str) -> str:
    """The language of the few texts around the phrases (the skip link, the kiosk's button):
    the respondent's where the product has it, else Danish."""
    available = {known for known, _name in settings.LANGUAGES}
    primary = code.lower().split("-")[0]
    return primary if primary in available else DANISH


def _public(response: HttpResponse, language: Language) -> HttpResponse:
    """Not for search engines, the wave's secret address never sent to another site, and
    the page's language as chosen (it may follow the browser's)."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    response["Content-Language"] = language.code
    patch_vary_headers(response, ("Accept-Language",))
    return response


def _context(wave: Wave, language: Language, languages: list[Language], *, kiosk: bool) -> dict:
    key = wave.kiosk_key if kiosk else wave.link_key
    return {
        "wave": wave,
        "programme": wave.questionnaire.programme,
        "language": language,
        "languages": languages,
        "phrases": phrases_for(language.code, language.phrases),
        "form_url": reverse("surveys:kiosk" if kiosk else "surveys:answer", args=[key]),
        "thanks_url": reverse("surveys:kiosk_thanks" if kiosk else "surveys:thanks", args=[key]),
        "kiosk": kiosk,
    }


def _message(request: HttpRequest, context: dict, phrase: str, status: int) -> HttpResponse:
    context = {**context, "message": context["phrases"][phrase]}
    return render(request, "surveys/sp_message.html", context, status=status)


def _answer_page(request: HttpRequest, wave: Wave, *, kiosk: bool) -> HttpResponse:
    """The form of a wave on the web or the tablet, and what a POST of it makes: the thanks
    (by redirect), the form again with what to correct, or a refusal in the respondent's
    language (closed, answered from this device)."""
    languages = queries.wave_languages(wave)
    language = _chosen_language(request, languages)
    context = _context(wave, language, languages, kiosk=kiosk)
    posted = request.method == "POST"
    # The web's device: the token from its cookie, or a new one the response sets.
    token = None if kiosk else _device_token(request)
    new_token = None if kiosk or token else secrets.token_urlsafe(32)
    device = "" if kiosk else _device_hash(wave, token or new_token or "")
    limit = KIOSK_ANSWERS_BY_ADDRESS if kiosk else ANSWERS_BY_ADDRESS
    with translation.override(_interface_language(language.code)):
        if posted and not throttle.hit(limit, throttle.client_address(request)):
            response = throttle.refused(request, limit)
        elif not queries.wave_is_open(wave, timezone.localdate()):
            response = _message(request, context, "closed", 409 if posted else 200)
        else:
            response = _form_response(request, wave, context, device=device)
    if new_token:
        response.set_cookie(
            DEVICE_COOKIE,
            new_token,
            max_age=DEVICE_COOKIE_AGE,
            path="/surveys/",
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return _public(response, language)


def _form_response(request: HttpRequest, wave: Wave, context: dict, *, device: str) -> HttpResponse:
    language: Language = context["language"]
    thanks = f"{context['thanks_url']}?lang={language.code}"
    asked = queries.asked_questions(wave.version, language)
    phrases = context["phrases"]
    if request.method != "POST":
        if device and queries.device_answered(wave, device):
            return _message(request, context, "answered", 200)
        form = AnswerForm(asked=asked, phrases=phrases)
        return render(request, "surveys/sp_answer.html", {**context, "form": form})
    form = AnswerForm(request.POST, asked=asked, phrases=phrases)
    if form.is_spam():
        # A robot is thanked like a person, so it learns nothing; nothing is stored.
        return redirect(thanks)
    if form.is_valid():
        submission = form.cleaned_data["submission"]
        if queries.submission_stored(wave, submission):
            return redirect(thanks)
        if device and queries.device_answered(wave, device):
            return _message(request, context, "answered", 409)
        try:
            services.response_submit(
                wave=wave,
                channel=Channel.KIOSK if context["kiosk"] else Channel.WEB,
                language=language.code,
                answers=form.answers(),
                device=device,
                submission=submission,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(thanks)
    return render(
        request,
        "surveys/sp_answer.html",
        {**context, "form": form, "error_summary_heading": phrases["errors"]},
        status=400,
    )


def _thanks_page(request: HttpRequest, wave: Wave | None, *, kiosk: bool) -> HttpResponse:
    if wave is None:
        raise Http404
    languages = queries.wave_languages(wave)
    language = _chosen_language(request, languages)
    context = _context(wave, language, languages, kiosk=kiosk)
    with translation.override(_interface_language(language.code)):
        response = render(
            request,
            "surveys/sp_thanks.html",
            {
                **context,
                "reset_seconds": KIOSK_RESET_SECONDS,
                "language_base_url": context["thanks_url"],
            },
        )
    return _public(response, language)


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, link_key: str) -> HttpResponse:
    """The public questionnaire of a wave, reached by its link or QR code: no login."""
    wave = queries.wave_by_link(link_key)
    if wave is None:
        raise Http404
    return _answer_page(request, wave, kiosk=False)


@require_GET
def thanks(request: HttpRequest, link_key: str) -> HttpResponse:
    return _thanks_page(request, queries.wave_by_link(link_key), kiosk=False)


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, kiosk_key: str) -> HttpResponse:
    """The questionnaire on the office's tablet: many people, one device, so no device
    token; every answer starts from an empty form."""
    wave = queries.wave_by_kiosk_key(kiosk_key)
    if wave is None:
        raise Http404
    return _answer_page(request, wave, kiosk=True)


@never_cache
@require_GET
def kiosk_thanks(request: HttpRequest, kiosk_key: str) -> HttpResponse:
    """The tablet's thanks, which returns to an empty form by itself."""
    return _thanks_page(request, queries.wave_by_kiosk_key(kiosk_key), kiosk=True)


def _qr_code_svg(url: str) -> SafeString:
    svg = segno.make(url, error="m").svg_inline(
        scale=6, border=2, dark="#000", light="#fff", title=url, svgclass="qr-code"
    )
    # segno's own markup, in which segno escapes the title.
    return mark_safe(svg)


# Scanned batches and the paper form (helper SD) ---------------------------------------------


def _scanning_programme(request: HttpRequest, slug: str) -> Programme:
    return programme_with_access(request.user, slug, access.may_enter_anywhere)


def _batch(request: HttpRequest, slug: str, batch_id: int) -> ScanBatch:
    return get_with_access(
        ScanBatch.objects.select_related("programme", "uploaded_by"),
        lambda batch: access.may_enter_anywhere(request.user, batch.programme),
        pk=batch_id,
        programme__slug=slug,
    )


def _batch_url(batch: ScanBatch) -> str:
    return reverse("surveys:scan_batch", args=[batch.programme.slug, batch.pk])


def _page(request: HttpRequest, batch: ScanBatch, page_id: int) -> ScanPage:
    return get_with_access(
        ScanPage.objects.select_related("wave__questionnaire__programme", "batch"),
        lambda page: access.may_enter_page(request.user, page),
        pk=page_id,
        batch=batch,
    )


def _scanned_question(page: ScanPage, question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, version_id=page.version_id)


@require_GET
@login_required
def wave_poster(request: AuthenticatedRequest, slug: str, wave_id: int) -> HttpResponse:
    """An A4 poster for the counselling office: the questionnaire's title in each of its
    languages, the QR code and the link to the answer page, the dates, and the promise of
    anonymity."""
    wave = _wave(request, slug, wave_id, access.may_enter)
    url = request.build_absolute_uri(reverse("surveys:answer", args=[wave.link_key]))
    languages = [
        (language, phrases_for(language.code, language.phrases))
        for language in queries.wave_languages(wave)
    ]
    html = render_to_string(
        "surveys/sp_poster_pdf.html",
        {"wave": wave, "url": url, "qr": _qr_code_svg(url), "languages": languages},
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plakat-runde-{wave.pk}.pdf"'
    return response


@require_GET
@login_required
def scan_batches(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _scanning_programme(request, slug)
    return render(
        request,
        "surveys/batches_list.html",
        {"programme": programme, "batches": queries.scan_batch_list(programme)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def scan_upload(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A scanned batch: read page by page by the reader, and recorded whole or not at all. The
    reading happens before the write's transaction, so a long batch does not hold the database
    while its pages are straightened."""
    programme = _scanning_programme(request, slug)
    form = ScanUploadForm(request.POST or None, request.FILES or None)

    def page() -> HttpResponse:
        return render(
            request,
            "surveys/batches_upload.html",
            {"programme": programme, "form": form},
            status=400 if form.is_bound else 200,
        )

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return idempotency.form_replay(request) or page()
    if replayed := idempotency.form_replay(request):
        return replayed
    try:
        services.scan_batch_number_check(programme=programme, number=form.cleaned_data["number"])
    except ValidationError as error:
        add_service_errors(form, error)
        return page()
    scan = form.cleaned_data["file"]
    try:
        readings = list(scanning.read_batch(scan.data, queries.layouts_for(programme)))
    except scanning.ScanRefused as refused:
        form.add_error("file", refused.message)
        return page()

    def record() -> HttpResponse:
        try:
            batch = services.scan_batch_record(
                programme=programme,
                number=form.cleaned_data["number"],
                file_name=scan.name,
                readings=readings,
                by=request.user,
                estate_ids=access.entered_estate_ids(request.user, programme),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return page()
        messages.success(request, _("Bunken er læst. Se siderne igennem, og gem svarene."))
        return redirect(_batch_url(batch))

    return idempotency.form_write(request, key=form.cleaned_data["idempotency_key"], run=record)


@require_GET
@login_required
def scan_batch(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    batch = _batch(request, slug, batch_id)
    estate_ids = access.entered_estate_ids(request.user, batch.programme)
    counts = queries.scan_batch_counts(batch)
    return render(
        request,
        "surveys/batches_detail.html",
        {
            "programme": batch.programme,
            "batch": batch,
            "pages": queries.scan_pages(batch, estate_ids),
            "counts": counts,
            "imported": batch.status == ScanStatus.IMPORTED,
            "may_import": counts["review"] == 0 and access.may_import(request.user, batch),
        },
    )


@require_POST
@login_required
def scan_import(request: AuthenticatedRequest, slug: str, batch_id: int) -> HttpResponse:
    batch = _batch(request, slug, batch_id)
    if not access.may_import(request.user, batch):
        raise PermissionDenied
    try:
        services.scan_batch_import(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Svarene fra bunken er gemt."))
    return redirect(_batch_url(batch))


@require_GET
@login_required
def scan_review(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """The questions in doubt, each with the cut-out of its boxes and a form of its own."""
    batch = _batch(request, slug, batch_id)
    estate_ids = access.entered_estate_ids(request.user, batch.programme)
    items = [
        (
            item,
            DecideForm(
                options=item.options,
                guess=item.guess,
                prefix=f"p{item.page.pk}-q{item.question.pk}",
            ),
        )
        for item in queries.review_items(batch, estate_ids)
    ]
    return render(
        request,
        "surveys/batches_review.html",
        {"programme": batch.programme, "batch": batch, "items": items},
    )


@require_POST
@login_required
def scan_decide(
    request: AuthenticatedRequest, slug: str, batch_id: int, page_id: int, question_id: int
) -> HttpResponse:
    batch = _batch(request, slug, batch_id)
    page = _page(request, batch, page_id)
    question = _scanned_question(page, question_id)
    values = page.marks.filter(question=question).values_list("value", flat=True)
    form = DecideForm(
        request.POST,
        options=[(value, str(value)) for value in values],
        guess=None,
        prefix=f"p{page.pk}-q{question.pk}",
    )
    if not form.is_valid():
        messages.error(request, _("Vælg et af svarene eller »Intet svar«."))
    else:
        try:
            services.scan_mark_decide(
                page=page, question=question, value=form.decided(), by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(reverse("surveys:scan_review", args=[slug, batch.pk]))


@require_GET
@login_required
def scan_cutout(
    request: HttpRequest, slug: str, batch_id: int, page_id: int, question_id: int
) -> HttpResponse:
    """The cut-out of a question's boxes, to those who decide them: a private image served by
    this view alone, never a public file."""
    batch = _batch(request, slug, batch_id)
    page = _page(request, batch, page_id)
    image = queries.review_cutout(page, _scanned_question(page, question_id))
    if image is None:
        raise Http404
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def paper_form(request: HttpRequest, slug: str, wave_id: int, language: str) -> HttpResponse:
    """The wave's paper form in one of its languages, to print and hand out."""
    wave = _wave(request, slug, wave_id, access.may_enter)
    asked_in = get_object_or_404(Language, version=wave.version, code=language)
    response = HttpResponse(paper.form_pdf(wave, asked_in), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="papirskema-runde-{wave.pk}-{language}.pdf"'
    )
    return response


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
            "version_key": idempotency.new_key(),
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

    def run() -> HttpResponse:
        version = services.version_create(questionnaire=questionnaire)
        messages.success(
            request,
            _("Version %(number)s er lavet som en kopi af den forrige og kan ændres.")
            % {"number": version.number},
        )
        return redirect(_version_url(version))

    # A double click makes one version: the button's form carries a key.
    key = request.POST.get(idempotency.FORM_FIELD, "")
    return idempotency.form_write(request, key=key, run=run) if key else run()


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
def language_translate(request: HttpRequest, slug: str, language_id: int) -> HttpResponse:
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


# Helper SB: paper forms keyed in, results ----------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def paper_entry(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    """Key in paper forms one after another, without a mouse: the batch and language stay
    (in the address), the next sheet number is proposed, and the page comes back with the
    cursor in the first answer. A form's one-time number keeps a double submission to one
    response; a sheet already keyed in is refused with the form kept."""
    wave = _wave(request, slug, wave_id, access.may_enter)
    questions = list(wave.version.questions.prefetch_related("choices"))
    languages = list(wave.version.languages.all())
    batch = request.GET.get("batch", "").strip()[:40]
    codes = {language.code for language in languages}
    language = request.GET.get("language", DANISH)
    form = PaperEntryForm(
        request.POST or None,
        questions=questions,
        languages=languages,
        initial={
            "batch": batch,
            "sheet": queries.next_sheet(wave, batch) if batch else 1,
            "language": language if language in codes else DANISH,
            "submission": uuid.uuid4(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.response_submit(
                wave=wave,
                channel=Channel.PAPER,
                language=data["language"],
                answers=form.answers(),
                submission=data["submission"],
                batch=data["batch"],
                sheet=data["sheet"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Skema %(sheet)s i bunke %(batch)s er gemt.")
                % {"sheet": data["sheet"], "batch": data["batch"]},
            )
            query = urlencode({"batch": data["batch"], "language": data["language"]})
            return redirect(f"{reverse('surveys:paper_entry', args=[slug, wave.pk])}?{query}")
    # The cursor starts where the keying starts: the batch for a new pile, else the first
    # answer (or the first field in error).
    focus = "batch" if not (batch or form.is_bound) else ""
    if form.errors:
        focus = next(iter(form.errors), "") or "batch"
    elif questions and not focus:
        focus = f"q{questions[0].pk}"
    if focus in form.fields:
        form.fields[focus].widget.attrs["autofocus"] = True
    return render(
        request,
        "surveys/sb_paper_entry.html",
        {
            "programme": wave.questionnaire.programme,
            "questionnaire": wave.questionnaire,
            "wave": wave,
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


def _results_request(
    request: HttpRequest, slug: str, questionnaire_id: int
) -> tuple[ResultsFilterForm, queries.Results]:
    questionnaire = _questionnaire(request, slug, questionnaire_id, access.may_view_results)
    form = ResultsFilterForm(
        request.GET or None,
        years=queries.result_years(questionnaire),
        estates=questionnaire.programme.estates.order_by("name"),
    )
    year, estate = form.chosen(timezone.localdate())
    return form, queries.results(questionnaire, year, estate=estate)


@require_GET
@login_required
def results(request: HttpRequest, slug: str, questionnaire_id: int) -> HttpResponse:
    """The share agreeing per question, estate and quarter with n, small counts hidden; the
    free-text answers only for those who collect the answers in their estates."""
    form, found = _results_request(request, slug, questionnaire_id)
    questionnaire = found.questionnaire
    entered = access.entered_estates(request.user, questionnaire.programme)
    shown = [estate.pk for estate in found.estates]
    texts = queries.free_texts(questionnaire, found.year, entered.filter(pk__in=shown))
    return render(
        request,
        "surveys/sb_results.html",
        {
            "programme": questionnaire.programme,
            "questionnaire": questionnaire,
            "results": found,
            "form": form,
            "periods": _result_periods(),
            "limit": queries.SUPPRESSION_LIMIT,
            "may_read_texts": entered.exists(),
            "texts": texts,
            "export_query": request.GET.urlencode(),
        },
    )


def _result_periods() -> list[str]:
    return [*(_("%(n)s. kvartal") % {"n": n} for n in queries.QUARTERS), _("Året")]


# A line of the spreadsheet: a question, an estate's answer, a period and its cell.
ResultLine = tuple[queries.QuestionResult, queries.ResultRow, str, queries.ResultCell]
RESULT_COLUMNS: list[exports.Column[ResultLine]] = [
    exports.Column(_lazy("Spørgsmål"), lambda r: r[0].text, width=50),
    exports.Column(_lazy("Indikator"), lambda r: r[0].indicator, width=10),
    exports.Column(_lazy("Boligområde"), lambda r: r[1].area, width=22),
    exports.Column(_lazy("Svar"), lambda r: r[1].answer, width=22),
    exports.Column(_lazy("Periode"), lambda r: r[2], width=12),
    exports.Column(_lazy("Andel (%)"), lambda r: r[3].share_value(), width=10),
    exports.Column(_lazy("Antal svar"), lambda r: r[3].answers_value(), width=10),
]


@require_GET
@login_required
def results_export(request: HttpRequest, slug: str, questionnaire_id: int) -> HttpResponse:
    """The results table as a spreadsheet, hidden as on the page; no free text."""
    _form, found = _results_request(request, slug, questionnaire_id)
    periods = _result_periods()
    rows = [
        (question, row, period, cell)
        for question in found.questions
        for row in question.rows
        for period, cell in zip(periods, row.cells, strict=True)
    ]
    title = _("Resultater %(title)s %(year)s") % {
        "title": found.questionnaire.title,
        "year": found.year,
    }
    return exports.export_response(
        exports.Format.XLSX, title=title, columns=RESULT_COLUMNS, rows=rows
    )
