"""Pages of the counselling: one view per action, each asking ``counselling.access`` first."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, User, programme_with_access
from helhedsplan.accounts.feeds import feed_view
from helhedsplan.audit import access as audit_access
from helhedsplan.audit import services as audit_services
from helhedsplan.core import exports, idempotency
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lists import access as lists_access
from helhedsplan.core.lists import registry as lists_registry
from helhedsplan.core.lookups import get_with_access
from helhedsplan.counselling import access, forms, queries, reports, services
from helhedsplan.counselling.ical import opening_hours_calendar
from helhedsplan.counselling.models import (
    Booking,
    Closure,
    Inquiry,
    OpeningHours,
    Topic,
)
from helhedsplan.programmes.models import Estate, Programme

PAGE_SIZE = 50
# The theme evenings (H3) live in the events app; linked when it offers a list of them.
THEME_EVENINGS_URL = "events:theme_evenings"


def _estate(
    request: HttpRequest, slug: str, estate_id: int, allowed: Callable[[User, Estate], bool]
) -> Estate:
    return get_with_access(
        Estate.objects.select_related("programme"),
        lambda estate: allowed(request.user, estate),
        pk=estate_id,
        programme__slug=slug,
    )


def _readable_hours(user: User, estate: Estate) -> bool:
    return access.may_view_opening_hours(user, estate.programme)


def _theme_evenings_url(programme: Programme) -> str | None:
    try:
        return reverse(THEME_EVENINGS_URL, kwargs={"slug": programme.slug})
    except NoReverseMatch:
        return None


def _page(
    request: HttpRequest, template: str, programme: Programme, context: dict, **kwargs
) -> HttpResponse:
    """Render a counselling page with what its sub-navigation needs."""
    user = request.user
    return render(
        request,
        template,
        {
            "programme": programme,
            "estates": programme.estates.all(),
            "may_register": access.may_register(user, programme),
            "may_keep_categories": lists_access.may_change(
                user, lists_registry.for_model(Topic), programme
            ),
            "theme_evenings_url": _theme_evenings_url(programme),
            **context,
        },
        **kwargs,
    )


# Inquiries -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def inquiry_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_register)
    if request.method == "POST":
        form = forms.InquiryForm(
            request.POST,
            programme=programme,
            estates=access.registering_estates(request.user, programme),
        )
        if form.is_valid():

            def register() -> HttpResponse:
                try:
                    inquiry = services.inquiry_register(by=request.user, **form.inquiry_details())
                except ValidationError as error:
                    add_service_errors(form, error)
                    return _page(
                        request,
                        "counselling/inquiry_form.html",
                        programme,
                        {"form": form},
                        status=400,
                    )
                messages.success(
                    request,
                    _("Henvendelsen er gemt (%(estate)s, %(topics)s).")
                    % {
                        "estate": inquiry.estate.name,
                        "topics": ", ".join(t.name for t in form.cleaned_data["topics"]),
                    },
                )
                url = reverse("counselling:inquiry_create", kwargs={"slug": slug})
                if "again" in request.POST:
                    url += "?" + urlencode({"like": inquiry.pk})
                return redirect(url)

            # A repeated POST is answered here with the first answer (its key's record).
            return idempotency.form_write(
                request, key=form.cleaned_data["idempotency_key"], run=register
            )
        # A repeated POST that its first request has made invalid gets the first answer; asked
        # only now, so that a registration costs no lookup of its key before it is written.
        replayed = idempotency.form_replay(request)
        if replayed is not None:
            return replayed
        return _page(
            request, "counselling/inquiry_form.html", programme, {"form": form}, status=400
        )
    services.categories_ensure_defaults(programme=programme)
    estates = access.registering_estates(request.user, programme)
    earlier = forms.EarlierInquiryForm(request.GET, estates=estates).chosen()
    initial = forms.InquiryForm.initial_like(earlier) if earlier else {}
    if "estate" not in initial:
        # The user's own estate (the first, if several).
        estate = estates.first()
        initial["estate"] = estate.pk if estate else None
    form = forms.InquiryForm(initial=initial, programme=programme, estates=estates)
    return _page(request, "counselling/inquiry_form.html", programme, {"form": form})


def _listed_inquiries(
    request: HttpRequest, slug: str
) -> tuple[Programme, forms.InquiryFilterForm, QuerySet[Inquiry]]:
    """The programme, the list's filters as the request gives them, and the inquiries they
    leave: what the list shows and its exports write."""
    programme = programme_with_access(request.user, slug, access.may_register)
    form = forms.InquiryFilterForm(
        request.GET,
        programme=programme,
        estates=access.registering_estates(request.user, programme),
    )
    return programme, form, queries.inquiries(programme, form.criteria())


@require_GET
@login_required
def inquiry_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme, form, inquiries = _listed_inquiries(request, slug)
    page = Paginator(inquiries, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    correctable = {
        inquiry.pk for inquiry in page if access.may_correct(request.user, inquiry, now=now)
    }
    return _page(
        request,
        "counselling/inquiry_list.html",
        programme,
        {
            "form": form,
            "page": page,
            "correctable": correctable,
            "query": form.query(),
            "window_hours": int(access.CORRECTION_WINDOW.total_seconds() // 3600),
        },
    )


@require_GET
@login_required
def inquiry_export(request: HttpRequest, slug: str, fmt: exports.Format) -> HttpResponse:
    """The list as a spreadsheet, with the list's filters: the columns the list shows and no
    more (the inquiries are anonymous, and a file travels further than a page)."""
    programme, _form, inquiries = _listed_inquiries(request, slug)
    return exports.export_response(
        fmt,
        title=_("Henvendelser %(programme)s") % {"programme": programme.name},
        columns=queries.INQUIRY_EXPORT_COLUMNS,
        rows=inquiries,
    )


def _correctable_inquiry(request: HttpRequest, slug: str, inquiry_id: int) -> Inquiry:
    return get_with_access(
        Inquiry.objects.select_related("estate__programme"),
        lambda inquiry: access.may_correct(request.user, inquiry),
        pk=inquiry_id,
        estate__programme__slug=slug,
    )


@require_http_methods(["GET", "POST"])
@login_required
def inquiry_update(request: AuthenticatedRequest, slug: str, inquiry_id: int) -> HttpResponse:
    inquiry = _correctable_inquiry(request, slug, inquiry_id)
    programme = inquiry.estate.programme
    if request.method == "POST":
        form = forms.InquiryForm(
            request.POST,
            programme=programme,
            estates=access.registering_estates(request.user, programme),
            inquiry=inquiry,
        )
        if form.is_valid():
            try:
                services.inquiry_correct(inquiry=inquiry, by=request.user, **form.inquiry_details())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Henvendelsen er rettet."))
                return redirect("counselling:inquiry_list", slug=slug)
        status = 400
    else:
        form = forms.InquiryForm(
            initial=forms.InquiryForm.initial_from(inquiry),
            programme=programme,
            estates=access.registering_estates(request.user, programme),
            inquiry=inquiry,
        )
        status = 200
    return _page(
        request,
        "counselling/inquiry_form.html",
        programme,
        {
            "form": form,
            "inquiry": inquiry,
            # Notes the trail still keeps, for those who remove personal data from it.
            "earlier_notes": (
                queries.earlier_notes(inquiry)
                if audit_access.may_redact_anywhere(request.user)
                else []
            ),
            "history_kind": audit_services.redaction_kind(Inquiry),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def inquiry_delete(request: AuthenticatedRequest, slug: str, inquiry_id: int) -> HttpResponse:
    inquiry = _correctable_inquiry(request, slug, inquiry_id)
    if request.method == "POST":
        services.inquiry_delete(inquiry=inquiry, by=request.user)
        messages.success(request, _("Henvendelsen er slettet."))
        return redirect("counselling:inquiry_list", slug=slug)
    return _page(
        request, "counselling/inquiry_delete.html", inquiry.estate.programme, {"inquiry": inquiry}
    )


# The mapping of needs --------------------------------------------------------------------


def _mapping_request(request: HttpRequest, programme: Programme, *, exact_for: User | None):
    """The filter form, the mapping it asks for and the quarter. The small counts show only
    for ``exact_for`` (None for a file, which may travel: always suppressed) and only where
    they register the inquiries of every estate the mapping shows."""
    years = queries.inquiry_years(programme)
    today = timezone.localdate()
    default_year = today.year if today.year in years else years[-1]
    data = {"year": str(default_year), **request.GET.dict()}
    form = forms.MappingFilterForm(data, programme=programme, years=years)
    if not form.is_valid():
        form = forms.MappingFilterForm(
            {"year": str(default_year)}, programme=programme, years=years
        )
        form.is_valid()
    cleaned = form.cleaned_data
    estates = [cleaned["estate"]] if cleaned["estate"] else None
    suppress = exact_for is None or not access.sees_exact_counts(
        exact_for, programme, estates or programme.estates.all()
    )
    mapping = queries.mapping(programme, cleaned["year"], suppress=suppress, estates=estates)
    return form, mapping, cleaned["quarter"]


@require_GET
@login_required
def mapping(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_view_mapping)
    form, found, quarter = _mapping_request(request, programme, exact_for=request.user)
    area = found.estates[0].name if len(found.estates) == 1 else _("alle boligområder")
    return _page(
        request,
        "counselling/mapping.html",
        programme,
        {
            "form": form,
            "mapping": found,
            "quarter": quarter,
            "suppressed": found.suppress,
            "limit": queries.SUPPRESSION_LIMIT,
            "tables": reports.mapping_tables(found, quarter),
            "quarter_tables": [
                found.quarter_table(
                    _("Emner pr. kvartal, %(area)s") % {"area": area}, found.estates, by="topics"
                ),
                found.quarter_table(
                    _("Brobygning pr. kvartal, %(area)s") % {"area": area},
                    found.estates,
                    by="referrals",
                ),
            ],
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def mapping_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_view_mapping)
    _form, found, _quarter = _mapping_request(request, programme, exact_for=None)
    response = HttpResponse(
        reports.mapping_xlsx(found),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"kortlaegning-{programme.slug}-{found.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def mapping_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_view_mapping)
    _form, found, quarter = _mapping_request(request, programme, exact_for=None)
    pdf = reports.mapping_pdf(found, quarter=quarter, tables=reports.mapping_tables(found, quarter))
    response = HttpResponse(pdf, content_type="application/pdf")
    period = f"-q{quarter}" if quarter else ""
    filename = f"kortlaegning-{programme.slug}-{found.year}{period}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Opening hours ---------------------------------------------------------------------------


def _hours_page(
    request: HttpRequest,
    programme: Programme,
    estate: Estate,
    *,
    hours_form: Form | None = None,
    closure_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    return _page(
        request,
        "counselling/opening_hours.html",
        programme,
        {
            "estate": estate,
            "weeks": queries.coming_weeks(estate, today=today),
            "closures": queries.closures_ahead(estate, today=today),
            "hours": estate.counselling_hours.all(),
            "may_manage": access.may_manage_schedule(request.user, estate),
            "hours_form": hours_form or forms.OpeningHoursForm(prefix="hours"),
            "closure_form": closure_form or forms.ClosureForm(prefix="closure"),
        },
        status=status,
    )


@require_GET
@login_required
def opening_hours(request: HttpRequest, slug: str, estate_id: int) -> HttpResponse:
    estate = _estate(request, slug, estate_id, _readable_hours)
    return _hours_page(request, estate.programme, estate)


@require_GET
@login_required
def opening_hours_ical(request: HttpRequest, slug: str, estate_id: int) -> HttpResponse:
    return _opening_hours_ical(_estate(request, slug, estate_id, _readable_hours))


@feed_view
def opening_hours_ical_feed(request: HttpRequest, user: User, estate_id: int) -> HttpResponse:
    """The same calendar under the person's secret calendar address, for a calendar app."""
    estate = get_with_access(
        Estate.objects.select_related("programme"),
        lambda estate: _readable_hours(user, estate),
        pk=estate_id,
    )
    return _opening_hours_ical(estate)


def _opening_hours_ical(estate: Estate) -> HttpResponse:
    response = HttpResponse(
        opening_hours_calendar(estate, today=timezone.localdate()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="raadgivning-{estate.pk}.ics"'
    return response


@require_POST
@login_required
def opening_hours_add(request: HttpRequest, slug: str, estate_id: int) -> HttpResponse:
    estate = _estate(request, slug, estate_id, access.may_manage_schedule)
    form = forms.OpeningHoursForm(request.POST, prefix="hours")
    if form.is_valid():
        try:
            services.opening_hours_add(estate=estate, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Åbningstiden er tilføjet."))
            return redirect("counselling:opening_hours", slug=slug, estate_id=estate.pk)
    return _hours_page(request, estate.programme, estate, hours_form=form, status=400)


@require_POST
@login_required
def opening_hours_delete(
    request: HttpRequest, slug: str, estate_id: int, hours_id: int
) -> HttpResponse:
    estate = _estate(request, slug, estate_id, access.may_manage_schedule)
    services.opening_hours_delete(hours=get_object_or_404(OpeningHours, pk=hours_id, estate=estate))
    messages.success(request, _("Åbningstiden er fjernet."))
    return redirect("counselling:opening_hours", slug=slug, estate_id=estate.pk)


@require_POST
@login_required
def closure_add(request: HttpRequest, slug: str, estate_id: int) -> HttpResponse:
    estate = _estate(request, slug, estate_id, access.may_manage_schedule)
    form = forms.ClosureForm(request.POST, prefix="closure")
    if form.is_valid():
        try:
            services.closure_add(estate=estate, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Lukkeperioden er tilføjet."))
            return redirect("counselling:opening_hours", slug=slug, estate_id=estate.pk)
    return _hours_page(request, estate.programme, estate, closure_form=form, status=400)


@require_POST
@login_required
def closure_delete(
    request: HttpRequest, slug: str, estate_id: int, closure_id: int
) -> HttpResponse:
    estate = _estate(request, slug, estate_id, access.may_manage_schedule)
    services.closure_delete(closure=get_object_or_404(Closure, pk=closure_id, estate=estate))
    messages.success(request, _("Lukkeperioden er fjernet."))
    return redirect("counselling:opening_hours", slug=slug, estate_id=estate.pk)


# Bookings --------------------------------------------------------------------------------


def _bookings_page(
    request: HttpRequest, programme: Programme, form: Form, *, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    estates = access.booking_estates(request.user, programme)
    return _page(
        request,
        "counselling/bookings.html",
        programme,
        {
            "form": form,
            "bookings": queries.bookings_ahead(estates, today=today),
            "past_counts": queries.bookings_past_count(estates, today=today),
        },
        status=status,
    )


@require_GET
@login_required
def booking_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_book)
    estates = access.booking_estates(request.user, programme)
    # The user's own estate (the first, if several).
    estate = estates.first()
    form = forms.BookingForm(estates=estates, initial={"estate": estate.pk if estate else None})
    return _bookings_page(request, programme, form)


@require_POST
@login_required
def booking_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_book)
    form = forms.BookingForm(request.POST, estates=access.booking_estates(request.user, programme))
    if form.is_valid():
        try:
            booking = services.booking_create(by=request.user, **form.booking_details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tiden er booket: %(booking)s.") % {"booking": booking})
            return redirect("counselling:booking_list", slug=slug)
    return _bookings_page(request, programme, form, status=400)


@require_POST
@login_required
def booking_cancel(request: AuthenticatedRequest, slug: str, booking_id: int) -> HttpResponse:
    booking = get_with_access(
        Booking.objects.select_related("estate__programme"),
        lambda booking: access.may_cancel_booking(request.user, booking),
        pk=booking_id,
        estate__programme__slug=slug,
    )
    services.booking_cancel(booking=booking, by=request.user)
    messages.success(request, _("Bookingen er aflyst."))
    return redirect("counselling:booking_list", slug=slug)
