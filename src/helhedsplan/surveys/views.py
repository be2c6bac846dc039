"""The surveys' staff pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, programme_with_access
from helhedsplan.core import idempotency
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access
from helhedsplan.programmes.models import Programme
from helhedsplan.surveys import access, queries, services
from helhedsplan.surveys.forms import DecideForm, ScanUploadForm
from helhedsplan.surveys.models import (
    Language,
    Question,
    ScanBatch,
    ScanPage,
    ScanStatus,
    Wave,
)

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


def _question(page: ScanPage, question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, version_id=page.version_id)


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
    from helhedsplan.surveys import scanning

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
    question = _question(page, question_id)
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
    image = queries.review_cutout(page, _question(page, question_id))
    if image is None:
        raise Http404
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def paper_form(request: HttpRequest, slug: str, wave_id: int, language: str) -> HttpResponse:
    """The wave's paper form in one of its languages, to print and hand out."""
    wave = get_with_access(
        Wave.objects.select_related("questionnaire__programme", "version", "estate"),
        lambda wave: access.may_enter(request.user, wave),
        pk=wave_id,
        questionnaire__programme__slug=slug,
    )
    asked_in = get_object_or_404(Language, version=wave.version, code=language)
    from helhedsplan.surveys import paper

    response = HttpResponse(paper.form_pdf(wave, asked_in), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="papirskema-runde-{wave.pk}-{language}.pdf"'
    )
    return response
