"""The privacy lifecycle's pages, the same for every personal register: the review list,
the consent texts, the retention, and a person's export, renewal and erasure."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhedsplan.accounts.access import AuthenticatedRequest, User, programme_with_access
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access, one_programme_or_choice
from helhedsplan.core.pdf import render_pdf
from helhedsplan.privacy import access, queries, registry, services
from helhedsplan.privacy.forms import ConsentForm, ConsentTextForm, RetentionForm
from helhedsplan.privacy.models import ErasureReason
from helhedsplan.privacy.registry import PersonalRegister
from helhedsplan.programmes.models import Programme


def _register(key: str) -> PersonalRegister:
    found = registry.get(key)
    if found is None:
        raise Http404
    return found


def _person(
    request: HttpRequest,
    slug: str,
    personal_register: PersonalRegister,
    person_id: int,
    allowed: Callable[[User, Any], bool],
) -> Any:
    return get_with_access(
        personal_register.model._default_manager.select_related("programme", "estate", "consent"),
        lambda person: allowed(request.user, person),
        pk=person_id,
        programme__slug=slug,
    )


@require_GET
@login_required
def review_index(request: HttpRequest) -> HttpResponse:
    """The menu's address: the review of the person's programme, or with several, a choice.
    The menu then needs no query of its own for the programmes."""
    return one_programme_or_choice(
        request,
        list(access.reviewed_programmes(request.user)),
        page=_review_page,
        heading=_("Gennemgang af persondata"),
        url_name="privacy:review",
    )


@require_GET
@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    return _review_page(request, programme_with_access(request.user, slug, access.may_review))


def _review_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    """Per register: the people due for review, when each is erased, the retention and the
    consent text in force; and what the scheduled job erased lately."""
    sections = []
    for personal_register in registry.registers():
        people = access.reviewed_people(request.user, personal_register, programme)
        months = queries.retention_months(programme=programme, personal_register=personal_register)
        sections.append(
            {
                "register": personal_register,
                "due": queries.due_for_review(
                    people=people, programme=programme, personal_register=personal_register
                ),
                "months": months,
                "retention_form": RetentionForm(
                    initial={"months": months}, prefix=personal_register.key
                ),
                "text": queries.consent_text_in_force(
                    programme=programme, register=personal_register.key
                ),
            }
        )
    return render(
        request,
        "privacy/review.html",
        {
            "programme": programme,
            "sections": sections,
            "runs": queries.recent_runs(programme=programme),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def consent_text(request: AuthenticatedRequest, slug: str, register: str) -> HttpResponse:
    """The register's consent texts, and a new version to publish."""
    programme = programme_with_access(request.user, slug, access.may_review)
    personal_register = _register(register)
    in_force = queries.consent_text_in_force(programme=programme, register=register)
    initial = {"purpose": in_force.purpose, "text": in_force.text} if in_force else {}
    form = ConsentTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_text_publish(
                programme=programme,
                register=register,
                published_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Den nye version af samtykketeksten er offentliggjort."))
            return redirect("privacy:review", slug=programme.slug)
    return render(
        request,
        "privacy/consent_text.html",
        {
            "programme": programme,
            "register": personal_register,
            "form": form,
            "texts": queries.consent_texts(programme=programme, register=register),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_POST
@login_required
def retention(request: AuthenticatedRequest, slug: str, register: str) -> HttpResponse:
    programme = programme_with_access(request.user, slug, access.may_review)
    personal_register = _register(register)
    form = RetentionForm(request.POST, prefix=register)
    if form.is_valid():
        services.retention_set(
            programme=programme,
            personal_register=personal_register,
            months=form.cleaned_data["months"],
            changed_by=request.user,
        )
        messages.success(request, _("Opbevaringsperioden er gemt."))
    else:
        messages.error(request, _("Opbevaringsperioden skal være mellem 1 og 120 måneder."))
    return redirect("privacy:review", slug=programme.slug)


@require_GET
@never_cache
@login_required
def person_json(request: HttpRequest, slug: str, register: str, person_id: int) -> HttpResponse:
    """Everything the register holds about the person, as JSON (the right of access and
    portability)."""
    personal_register = _register(register)
    person = _person(request, slug, personal_register, person_id, _keeper(personal_register))
    data = queries.personal_data_json(person, personal_register)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{register}-{person.pk}.json"'
    return response


@require_GET
@never_cache
@login_required
def person_pdf(request: HttpRequest, slug: str, register: str, person_id: int) -> HttpResponse:
    personal_register = _register(register)
    person = _person(request, slug, personal_register, person_id, _keeper(personal_register))
    html = render_to_string(
        "privacy/personal_data_pdf.html",
        {
            "register": personal_register,
            "person": person,
            "sections": queries.personal_data(person, personal_register),
            "made": timezone.now(),
        },
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{register}-{person.pk}.pdf"'
    return response


def _keeper(personal_register: PersonalRegister) -> Callable[[User, Any], bool]:
    return lambda user, person: access.may_keep_person(user, personal_register, person)


def _reviewer(user: User, person: Any) -> bool:
    return access.may_review_person(user, person)


@require_http_methods(["GET", "POST"])
@login_required
def consent_renew(
    request: AuthenticatedRequest, slug: str, register: str, person_id: int
) -> HttpResponse:
    """A new consent for a person due for review (or who withdrew and consents again)."""
    personal_register = _register(register)
    person = _person(request, slug, personal_register, person_id, _reviewer)
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_renew(person=person, given=form.given(), recorded_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Det nye samtykke er registreret."))
            return redirect("privacy:review", slug=slug)
    return render(
        request,
        "privacy/consent_renew.html",
        {
            "programme": person.programme,
            "register": personal_register,
            "person": person,
            "form": form,
            "text": queries.consent_text_in_force(programme=person.programme, register=register),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
@login_required
def person_erase_confirm(
    request: HttpRequest, slug: str, register: str, person_id: int
) -> HttpResponse:
    personal_register = _register(register)
    person = _person(request, slug, personal_register, person_id, _reviewer)
    return render(
        request,
        "privacy/erase.html",
        {"programme": person.programme, "register": personal_register, "person": person},
    )


@require_POST
@login_required
def person_erase(
    request: AuthenticatedRequest, slug: str, register: str, person_id: int
) -> HttpResponse:
    personal_register = _register(register)
    person = _person(request, slug, personal_register, person_id, _reviewer)
    services.person_erase(person=person, erased_by=request.user, reason=ErasureReason.BY_HAND)
    # The message names nobody: the session keeps it until it is shown.
    messages.success(request, _("Personen og alle oplysninger om personen er slettet."))
    return redirect(reverse(personal_register.list_url_name, kwargs={"slug": slug}))
