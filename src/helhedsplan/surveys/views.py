"""The surveys' pages."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from helhedsplan.core import exports
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access
from helhedsplan.surveys import access, queries, services
from helhedsplan.surveys.forms import PaperEntryForm, ResultsFilterForm
from helhedsplan.surveys.models import DANISH, Channel, Questionnaire, Wave

# Helper SB: paper forms keyed in, results ----------------------------------------------------


def _entered_wave(request: HttpRequest, slug: str, wave_id: int) -> Wave:
    return get_with_access(
        Wave.objects.select_related("questionnaire__programme", "estate", "version"),
        lambda wave: access.may_enter(request.user, wave),
        pk=wave_id,
        questionnaire__programme__slug=slug,
    )


@require_http_methods(["GET", "POST"])
@login_required
def paper_entry(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    """Key in paper forms one after another, without a mouse: the batch and language stay
    (in the address), the next sheet number is proposed, and the page comes back with the
    cursor in the first answer. A form's one-time number keeps a double submission to one
    response; a sheet already keyed in is refused with the form kept."""
    wave = _entered_wave(request, slug, wave_id)
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


def _results_questionnaire(request: HttpRequest, slug: str, questionnaire_id: int) -> Questionnaire:
    return get_with_access(
        Questionnaire.objects.select_related("programme"),
        lambda questionnaire: access.may_view_results(request.user, questionnaire.programme),
        pk=questionnaire_id,
        programme__slug=slug,
    )


def _results_request(
    request: HttpRequest, slug: str, questionnaire_id: int
) -> tuple[ResultsFilterForm, queries.Results]:
    questionnaire = _results_questionnaire(request, slug, questionnaire_id)
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
