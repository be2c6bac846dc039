"""The product's URLs and the floor view: the least a registration could cost."""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from helhedsplan.urls import urlpatterns as product

TABLE = "bench_floor"


def create_table() -> None:
    """The floor's own table, made by the benchmark's setup beside the product's tables."""
    key = "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id {key}, note TEXT NOT NULL)")


@require_POST
@login_required
def floor(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (note) VALUES (%s)", [request.POST.get("note", "")])
    return HttpResponse(status=204)


urlpatterns = [path("bench/floor/", floor), *product]
