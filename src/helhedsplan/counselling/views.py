"""Pages of the counselling: one view per action, each asking ``counselling.access`` first."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import programme_with_access
from helhedsplan.counselling import access, forms, queries, reports, services
from helhedsplan.counselling.ical import opening_hours_calendar
from helhedsplan.counselling.models import (
    Booking,
    Closure,
    Inquiry,
    OpeningHours,
    Referral,
    Topic,
)
from helhedsplan.programmes.models import Estate, Programme

PAGE_SIZE = 50
CATEGORY_MODELS = {"topics": Topic, "referrals": Referral}
# The theme evenings (H3) live in the events app; linked when it offers a list of them.
THEME_EVENINGS_URL = "events:theme_evenings"


def _estate(programme: Programme, estate_id: int) -> Estate:
    return get_object_or_404(Estate, pk=estate_id, programme=programme)


def _theme_evenings_url(programme: Programme) -> str | None:
    try:
        return reverse(THEME_EVENINGS_URL, kwargs={"slug": programme.slug})
    except NoReverseMatch:
        return None


def _page(request: HttpRequest, template: str, programme: Programme, context: dict, **kwargs):
    """Render a counselling page with what its sub-navigation needs."""
    user = request.user
    return render(
        request,
        template,
        {
            "programme": programme,
            "estates": programme.estates.all(),
            "may_register": access.may_register(user, programme),
            "may_manage_categories": access.may_manage_categories(user, programme),
            "theme_evenings_url": _theme_evenings_url(programme),
            **context,
        },
        **kwargs,
    )


def _add_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# Inquiries -------------------------------------------------------------------------------


def _inquiry(programme: Programme, inquiry_id: int) -> Inquiry:
    return get_object_or_404(
        Inquiry.objects.select_related("estate__programme"),
        pk=inquiry_id,
        estate__programme=programme,
    )


def _inquiry_fields(form: forms.InquiryForm) -> dict:
    data = form.cleaned_data
    return {
        "estate": data["estate"],
        "topics": data["topics"],
        "bridged_to": data["bridged_to"],
        "channel": data["channel"],
        "method": data["method"],
        "occurred_at": data["occurred_at"],
        "follow_up_needed": data["follow_up_needed"],
        "interpreter_or_language_help": data["interpreter_or_language_help"],
        "duration_minutes": data["duration_minutes"],
        "age_band": data["age_band"],
        "gender": data["gender"],
        "note": data["note"],
    }


@require_http_methods(["GET", "POST"])
@login_required
def inquiry_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_register)
    if request.method == "POST":
        form = forms.InquiryForm(request.POST, programme=programme)
        if form.is_valid():
            try:
                inquiry = services.inquiry_register(by=request.user, **_inquiry_fields(form))
            except ValidationError as error:
                _add_errors(form, error)
            else:
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
        return _page(
            request, "counselling/inquiry_form.html", programme, {"form": form}, status=400
        )
    services.categories_ensure_defaults(programme=programme)
    initial: dict = {}
    like = request.GET.get("like", "")
    if like.isdigit():
        earlier = Inquiry.objects.filter(pk=int(like), estate__programme=programme).first()
        if earlier is not None:
            initial = forms.InquiryForm.initial_like(earlier)
    if "estate" not in initial:
        estate = access.default_estate(request.user, programme)
        initial["estate"] = estate.pk if estate else None
    form = forms.InquiryForm(initial=initial, programme=programme)
    return _page(request, "counselling/inquiry_form.html", programme, {"form": form})


@require_GET
@login_required
def inquiry_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_register)
    data = request.GET.copy()
    own = access.own_estates(request.user, programme)
    if "estate" not in data and own and len(own) == 1:
        # Staff start with their own estate; choosing "Alle" (an empty value) widens it.
        data["estate"] = str(own[0].pk)
    form = forms.InquiryFilterForm(data, programme=programme)
    if form.is_valid():
        cleaned = form.cleaned_data
        criteria = queries.InquiryFilter(
            estates=[cleaned["estate"]] if cleaned["estate"] else None,
            date_from=cleaned["date_from"],
            date_to=cleaned["date_to"],
            topic=cleaned["topic"],
            bridged_to=cleaned["bridged_to"],
            channel=cleaned["channel"],
        )
    else:
        criteria = queries.InquiryFilter(estates=[])
    page = Paginator(queries.inquiries(programme, criteria), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    correctable = {
        inquiry.pk for inquiry in page if access.may_correct(request.user, inquiry, now=now)
    }
    query = data.copy()
    query.pop("page", None)
    return _page(
        request,
        "counselling/inquiry_list.html",
        programme,
        {
            "form": form,
            "page": page,
            "correctable": correctable,
            "query": query.urlencode(),
            "window_hours": int(access.CORRECTION_WINDOW.total_seconds() // 3600),
        },
    )


def _correctable_inquiry(request: HttpRequest, slug: str, inquiry_id: int) -> Inquiry:
    programme = programme_with_access(request.user, slug, access.may_register)
    inquiry = _inquiry(programme, inquiry_id)
    if not access.may_correct(request.user, inquiry):
        raise PermissionDenied
    return inquiry


@require_http_methods(["GET", "POST"])
@login_required
def inquiry_update(request: HttpRequest, slug: str, inquiry_id: int) -> HttpResponse:
    inquiry = _correctable_inquiry(request, slug, inquiry_id)
    programme = inquiry.estate.programme
    if request.method == "POST":
        form = forms.InquiryForm(request.POST, programme=programme, inquiry=inquiry)
        if form.is_valid():
            try:
                services.inquiry_correct(inquiry=inquiry, by=request.user, **_inquiry_fields(form))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Henvendelsen er rettet."))
                return redirect("counselling:inquiry_list", slug=slug)
        status = 400
    else:
        form = forms.InquiryForm(
            initial=forms.InquiryForm.initial_from(inquiry), programme=programme, inquiry=inquiry
        )
        status = 200
    return _page(
        request,
        "counselling/inquiry_form.html",
        programme,
        {"form": form, "inquiry": inquiry},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def inquiry_delete(request: HttpRequest, slug: str, inquiry_id: int) -> HttpResponse:
    inquiry = _correctable_inquiry(request, slug, inquiry_id)
    if request.method == "POST":
        services.inquiry_delete(inquiry=inquiry, by=request.user)
        messages.success(request, _("Henvendelsen er slettet."))
        return redirect("counselling:inquiry_list", slug=slug)
    return _page(
        request, "counselling/inquiry_delete.html", inquiry.estate.programme, {"inquiry": inquiry}
    )


# The mapping of needs --------------------------------------------------------------------


def _mapping_request(request: HttpRequest, programme: Programme, *, suppress: bool):
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
    mapping = queries.mapping(programme, cleaned["year"], suppress=suppress, estates=estates)
    return form, mapping, cleaned["quarter"]


@require_GET
@login_required
def mapping(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_view_mapping)
    suppress = not access.sees_exact_counts(request.user, programme)
    form, found, quarter = _mapping_request(request, programme, suppress=suppress)
    area = found.estates[0].name if len(found.estates) == 1 else _("alle boligområder")
    return _page(
        request,
        "counselling/mapping.html",
        programme,
        {
            "form": form,
            "mapping": found,
            "quarter": quarter,
            "suppressed": suppress,
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
    _form, found, _quarter = _mapping_request(request, programme, suppress=True)
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
    _form, found, quarter = _mapping_request(request, programme, suppress=True)
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
            "may_manage": access.may_manage_schedule(request.user, programme),
            "hours_form": hours_form or forms.OpeningHoursForm(prefix="hours"),
            "closure_form": closure_form or forms.ClosureForm(prefix="closure"),
        },
        status=status,
    )


@require_GET
@login_required
def opening_hours(request: HttpRequest, slug: str, estate_id: int) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_view_opening_hours)
    return _hours_page(request, programme, _estate(programme, estate_id))


@require_GET
@login_required
def opening_hours_ical(request: HttpRequest, slug: str, estate_id: int) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_view_opening_hours)
    estate = _estate(programme, estate_id)
    response = HttpResponse(
        opening_hours_calendar(estate, today=timezone.localdate()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="raadgivning-{estate.pk}.ics"'
    return response


@require_POST
@login_required
def opening_hours_add(request: HttpRequest, slug: str, estate_id: int) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_manage_schedule)
    estate = _estate(programme, estate_id)
    form = forms.OpeningHoursForm(request.POST, prefix="hours")
    if form.is_valid():
        try:
            services.opening_hours_add(estate=estate, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Åbningstiden er tilføjet."))
            return redirect("counselling:opening_hours", slug=slug, estate_id=estate.pk)
    return _hours_page(request, programme, estate, hours_form=form, status=400)


@require_POST
@login_required
def opening_hours_delete(
    request: HttpRequest, slug: str, estate_id: int, hours_id: int
) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_manage_schedule)
    estate = _estate(programme, estate_id)
    services.opening_hours_delete(hours=get_object_or_404(OpeningHours, pk=hours_id, estate=estate))
    messages.success(request, _("Åbningstiden er fjernet."))
    return redirect("counselling:opening_hours", slug=slug, estate_id=estate.pk)


@require_POST
@login_required
def closure_add(request: HttpRequest, slug: str, estate_id: int) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_manage_schedule)
    estate = _estate(programme, estate_id)
    form = forms.ClosureForm(request.POST, prefix="closure")
    if form.is_valid():
        try:
            services.closure_add(estate=estate, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Lukkeperioden er tilføjet."))
            return redirect("counselling:opening_hours", slug=slug, estate_id=estate.pk)
    return _hours_page(request, programme, estate, closure_form=form, status=400)


@require_POST
@login_required
def closure_delete(
    request: HttpRequest, slug: str, estate_id: int, closure_id: int
) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_manage_schedule)
    estate = _estate(programme, estate_id)
    services.closure_delete(closure=get_object_or_404(Closure, pk=closure_id, estate=estate))
    messages.success(request, _("Lukkeperioden er fjernet."))
    return redirect("counselling:opening_hours", slug=slug, estate_id=estate.pk)


# Bookings --------------------------------------------------------------------------------


def _bookings_page(
    request: HttpRequest, programme: Programme, form: Form, *, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    return _page(
        request,
        "counselling/bookings.html",
        programme,
        {
            "form": form,
            "bookings": queries.bookings_ahead(programme, today=today),
            "past_counts": queries.bookings_past_count(programme, today=today),
        },
        status=status,
    )


@require_GET
@login_required
def booking_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_register)
    estate = access.default_estate(request.user, programme)
    form = forms.BookingForm(programme=programme, initial={"estate": estate.pk if estate else None})
    return _bookings_page(request, programme, form)


@require_POST
@login_required
def booking_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_register)
    form = forms.BookingForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            booking = services.booking_create(
                estate=form.cleaned_data["estate"],
                starts=form.starts(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Tiden er booket: %(booking)s.") % {"booking": booking})
            return redirect("counselling:booking_list", slug=slug)
    return _bookings_page(request, programme, form, status=400)


@require_POST
@login_required
def booking_cancel(request: HttpRequest, slug: str, booking_id: int) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_register)
    booking = get_object_or_404(Booking, pk=booking_id, estate__programme=programme)
    services.booking_cancel(booking=booking, by=request.user)
    messages.success(request, _("Bookingen er aflyst."))
    return redirect("counselling:booking_list", slug=slug)


# Categories ------------------------------------------------------------------------------


def _category_model(kind: str):
    try:
        return CATEGORY_MODELS[kind]
    except KeyError:
        raise Http404 from None


def _categories_page(
    request: HttpRequest,
    programme: Programme,
    *,
    add_forms: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    add_forms = add_forms or {}
    lists = [
        {
            "kind": kind,
            "title": model._meta.verbose_name_plural,
            "categories": [
                (
                    category,
                    forms.CategoryForm(
                        initial={"name": category.name}, prefix=f"{kind}-{category.pk}"
                    ),
                )
                for category in model.objects.filter(programme=programme)
            ],
            "add_form": add_forms.get(kind) or forms.CategoryForm(prefix=f"{kind}-new"),
        }
        for kind, model in CATEGORY_MODELS.items()
    ]
    return _page(request, "counselling/categories.html", programme, {"lists": lists}, status=status)


@require_GET
@login_required
def category_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_manage_categories)
    services.categories_ensure_defaults(programme=programme)
    return _categories_page(request, programme)


@require_POST
@login_required
def category_add(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_manage_categories)
    model = _category_model(kind)
    form = forms.CategoryForm(request.POST, prefix=f"{kind}-new")
    if form.is_valid():
        try:
            services.category_create(model=model, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Kategorien er tilføjet."))
            return redirect("counselling:category_list", slug=slug)
    return _categories_page(request, programme, add_forms={kind: form}, status=400)


@require_POST
@login_required
def category_rename(request: HttpRequest, slug: str, kind: str, category_id: int) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_manage_categories)
    category = get_object_or_404(_category_model(kind), pk=category_id, programme=programme)
    form = forms.CategoryForm(request.POST, prefix=f"{kind}-{category.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["name"])
        services.category_rename(category=category, name=form.cleaned_data["name"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kategorien hedder nu %(name)s.") % {"name": category.name})
    return redirect("counselling:category_list", slug=slug)


@require_POST
@login_required
def category_retire(request: HttpRequest, slug: str, kind: str, category_id: int) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_manage_categories)
    category = get_object_or_404(_category_model(kind), pk=category_id, programme=programme)
    retired = request.POST.get("retired") != "false"
    services.category_set_retired(category=category, retired=retired)
    if retired:
        messages.success(request, _("%(name)s er udgået.") % {"name": category.name})
    else:
        messages.success(request, _("%(name)s er taget i brug igen.") % {"name": category.name})
    return redirect("counselling:category_list", slug=slug)
