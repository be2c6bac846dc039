"""Reads of the audit trail and the sign-in log.

Both are paged by keyset: a page ends at a cursor (the time, kind and id of its last row) and
the next page starts below it, so no page counts or skips the rows before it, however long the
history grows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import connections, models
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.utils import get_m2m_reverse_field_name

from helhedsplan.accounts import access
from helhedsplan.accounts.permissions import Action
from helhedsplan.accounts.queries import users_managed_by
from helhedsplan.audit.display import (
    EMPTY,
    Linked,
    device,
    field_label,
    format_value,
    name_of,
    target_of,
)
from helhedsplan.audit.history import history_model
from helhedsplan.audit.services import redaction_kind, text_fields
from helhedsplan.core.audit_registry import AuditedModel, audited_models
from helhedsplan.core.danish import sort_key

PAGE_SIZE = 50
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class Cursor:
    """The last row of a page, in the order of the list: newest first, then by kind of record
    (its model label) and id."""

    when: datetime.datetime
    label: str
    pk: int

    @property
    def micros(self) -> int:
        return (self.when - _EPOCH) // _MICROSECOND

    def order_key(self) -> tuple[int, str, int]:
        """Sorts cursors in the list's order."""
        return (-self.micros, self.label, -self.pk)

    def token(self) -> str:
        return f"{self.micros}-{self.label}-{self.pk}"

    @classmethod
    def from_token(cls, token: str) -> Cursor | None:
        """The cursor a link carries; None for anything else."""
        micros, _, rest = token.partition("-")
        label, _, pk = rest.partition("-")
        if not (micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()):
            return None
        if not label or len(micros) > 18 or len(pk) > 18:
            return None
        return cls(when=_EPOCH + int(micros) * _MICROSECOND, label=label, pk=int(pk))

    def rows_after(self, label: str, *, date: str, pk: str) -> Q:
        """The rows of the kind ``label`` that come after this cursor. The first condition
        alone would do; it is there so that the database walks the index on the date."""
        before = Q(**{f"{date}__lte": self.when})
        if label < self.label:
            return before & Q(**{f"{date}__lt": self.when})
        if label == self.label:
            return before & (Q(**{f"{date}__lt": self.when}) | Q(**{f"{pk}__lt": self.pk}))
        return before


@dataclass(frozen=True)
class Period:
    """Local calendar days, both ends included; either end may be open."""

    first: datetime.date | None = None
    last: datetime.date | None = None

    @property
    def narrowed(self) -> bool:
        return self.first is not None or self.last is not None

    def condition(self, field: str) -> Q:
        condition = Q()
        if self.first is not None:
            condition &= Q(**{f"{field}__gte": _start_of(self.first)})
        if self.last is not None:
            condition &= Q(**{f"{field}__lt": _start_of(self.last + datetime.timedelta(days=1))})
        return condition


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# The audit trail -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrailFilter:
    model_label: str | None = None
    person_id: int | None = None
    period: Period = Period()
    after: Cursor | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.model_label or self.person_id or self.period.narrowed)


@dataclass(frozen=True)
class Change:
    """One field's change: the old and new value, or for a many-to-many field the names
    added and removed."""

    field: str
    old: str = EMPTY
    new: str = EMPTY
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditEntry:
    when: datetime.datetime
    who: str
    action: str
    model_name: str
    object_repr: str
    changes: list[Change]
    # The record, for the redaction of the text typed into it.
    kind: int = 0
    history_id: int = 0
    has_text: bool = False


@dataclass(frozen=True)
class TrailPage:
    entries: list[AuditEntry]
    # Where the next (older) page starts; None on the last page.
    older: Cursor | None


def trail_people(user: access.User) -> QuerySet:
    """Whom the trail can be filtered by: the people the user manages."""
    return (
        get_user_model()
        .objects.filter(pk__in=users_managed_by(user).values("pk"))
        .order_by("first_name", "last_name", "username")
    )


def audit_trail(
    *, user: access.User, criteria: TrailFilter = TrailFilter(), limit: int = PAGE_SIZE
) -> TrailPage:
    """One page of the changes the user may read across every audited model, newest first.

    A page costs the same few queries whatever the history's size: one for the page's records
    across all models; per model on the page, one for its records and one for the versions
    before them, and one per many-to-many field; one per model the records link to (for the
    names). A change that changed nothing shown (a save of excluded fields alone) is left out.
    """
    kinds = {entry.label: entry for entry in audited_models()}
    chosen = [kinds[criteria.model_label]] if criteria.model_label in kinds else kinds.values()
    administered = (
        None
        if access.is_superuser(user)
        else set(
            access.programmes_where(user, Action.READ_AUDIT_TRAIL).values_list("pk", flat=True)
        )
    )
    branches = [(entry, _branch(entry, administered, criteria)) for entry in chosen]
    keys = _newest(branches, limit=limit + 1)
    shown = keys[:limit]
    versions = _versions(shown)
    linked = Linked()
    diffs = [_diff(versions[key], linked) for key in shown]
    linked.load()
    entries = [_entry(versions[key], diff, linked) for key, diff in zip(shown, diffs, strict=True)]
    older = None
    if len(keys) > limit:
        entry, pk = shown[-1]
        older = Cursor(when=versions[shown[-1]].record.history_date, label=entry.label, pk=pk)
    return TrailPage(entries=[entry for entry in entries if entry is not None], older=older)


def _branch(entry: AuditedModel, administered: set[int] | None, criteria: TrailFilter) -> QuerySet:
    """The records of one model the criteria select; ``administered`` are the programmes
    whose records the user may read, None for all."""
    records = history_model(entry.model)._default_manager.all()
    if administered is not None:
        records = entry.scope(records, administered)
    if criteria.person_id is not None:
        records = records.filter(history_user_id=criteria.person_id)
    records = records.filter(criteria.period.condition("history_date"))
    if criteria.after is not None:
        records = records.filter(
            criteria.after.rows_after(entry.label, date="history_date", pk="history_id")
        )
    return records


Key = tuple[AuditedModel, int]


def _newest(branches: list[tuple[AuditedModel, QuerySet]], *, limit: int) -> list[Key]:
    """The newest ``limit`` history records across the models, in one query.

    Each model's branch takes its own newest ``limit`` through the index on ``history_date``,
    and only those few are sorted together. Django composes no union of sliced queries on
    SQLite, so the statement joins the branches' compiled SQL. A branch's kind is its place
    in the order of the labels, so that ties sort as ``Cursor.rows_after`` expects."""
    order = sorted(entry.label for entry, _records in branches)
    parts: list[str] = []
    params: list[Any] = []
    for entry, records in branches:
        newest = records.order_by("-history_date", "-history_id").values_list(
            "history_date", "history_id"
        )[:limit]
        sql, branch_params = newest.query.sql_with_params()
        kind = order.index(entry.label)
        parts.append(
            f"SELECT {kind} AS kind, history_date, history_id FROM ({sql}) AS branch_{kind}"
        )
        params.extend(branch_params)
    statement = (
        " UNION ALL ".join(parts)
        + f" ORDER BY history_date DESC, kind, history_id DESC LIMIT {int(limit)}"
    )
    by_label = {entry.label: entry for entry, _records in branches}
    with connections[branches[0][1].db].cursor() as cursor:
        cursor.execute(statement, params)
        return [(by_label[order[kind]], pk) for kind, _when, pk in cursor.fetchall()]


@dataclass
class _Version:
    """A history record, the record of the same object just before it (for the changes), and
    for each many-to-many field the linked ids before and after."""

    record: Any
    previous: Any = None
    links: dict[models.ManyToManyField, tuple[set[Any], set[Any]]] = field(default_factory=dict)

    @property
    def compared(self) -> bool:
        return self.record.history_type == "~" and self.previous is not None


def _versions(keys: list[Key]) -> dict[Key, _Version]:
    wanted: defaultdict[AuditedModel, list[int]] = defaultdict(list)
    for entry, pk in keys:
        wanted[entry].append(pk)
    found: dict[Key, _Version] = {}
    for entry, pks in wanted.items():
        versions = _versions_of(entry.model, pks)
        found.update(((entry, pk), version) for pk, version in versions.items())
    return found


def _versions_of(model: type[models.Model], pks: list[int]) -> dict[int, _Version]:
    history = history_model(model)._default_manager
    key = model._meta.pk.attname
    earlier = (
        history.filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
            history_date__lte=OuterRef("history_date"),
            **{key: OuterRef(key)},
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = (
        history.filter(history_id__in=pks)
        .select_related("history_user")
        .annotate(previous_id=Subquery(earlier))
    )
    versions = {record.history_id: _Version(record) for record in records}
    previous_ids = {v.record.previous_id for v in versions.values() if v.record.history_type == "~"}
    previous_ids.discard(None)
    if not previous_ids:
        return versions
    previous = history.in_bulk(previous_ids)
    for version in versions.values():
        version.previous = previous.get(version.record.previous_id)
    compared = [version for version in versions.values() if version.compared]
    for link_field in history.model._history_m2m_fields:
        ids = _linked_ids(
            history.model, link_field, [v.record.history_id for v in compared] + list(previous)
        )
        for version in compared:
            version.links[link_field] = (
                ids[version.previous.history_id],
                ids[version.record.history_id],
            )
    return versions


def _linked_ids(
    records: type[Any], link_field: models.ManyToManyField, history_ids: list[int]
) -> defaultdict[int, set[Any]]:
    """The ids ``link_field`` linked to in each of the records, from the table where
    django-simple-history copies the links for each record."""
    copies = link_history_model(records, link_field)
    target = copies._meta.get_field(get_m2m_reverse_field_name(link_field)).attname
    ids: defaultdict[int, set[Any]] = defaultdict(set)
    rows = copies.objects.filter(history_id__in=history_ids).values_list("history_id", target)
    for history_id, pk in rows:
        ids[history_id].add(pk)
    return ids


def link_history_model(records: type[Any], link_field: models.ManyToManyField) -> type[Any]:
    """The model of the table where django-simple-history copies ``link_field``'s links for
    each of the history ``records``."""
    through = link_field.remote_field.through
    return next(
        relation.related_model
        for relation in records._meta.related_objects
        if getattr(relation.related_model, "instance_type", None) is through
    )


PlainChange = tuple[models.Field, Any, Any]
LinkChange = tuple[models.ManyToManyField, set[Any], set[Any]]


def _diff(version: _Version, linked: Linked) -> tuple[list[PlainChange], list[LinkChange]]:
    """What changed from the previous record, as raw values, asking ``linked`` for every
    object the page will name (the objects the record links to as well, for its name)."""
    record, previous = version.record, version.previous
    for model_field in record.tracked_fields:
        if isinstance(model_field, models.ForeignKey):
            linked.want(target_of(model_field), getattr(record, model_field.attname))
    if not version.compared:
        return [], []
    plain = [
        (model_field, getattr(previous, model_field.attname), getattr(record, model_field.attname))
        for model_field in record.tracked_fields
        if model_field.editable
        and getattr(previous, model_field.attname) != getattr(record, model_field.attname)
    ]
    for model_field, old, _new in plain:
        if isinstance(model_field, models.ForeignKey):
            linked.want(target_of(model_field), old)
    links = [
        (link_field, now - before, before - now)
        for link_field, (before, now) in version.links.items()
        if before != now
    ]
    for link_field, added, removed in links:
        for pk in added | removed:
            linked.want(target_of(link_field), pk)
    return plain, links


def _entry(
    version: _Version, diff: tuple[list[PlainChange], list[LinkChange]], linked: Linked
) -> AuditEntry | None:
    """The entry as the page shows it; None for a change that changed nothing shown."""
    plain, links = diff
    record = version.record
    if version.compared and not plain and not links:
        return None
    instance = record.history_object
    for model_field in record.tracked_fields:
        if isinstance(model_field, models.ForeignKey):
            target = linked.get(target_of(model_field), getattr(record, model_field.attname))
            if target is not None:
                model_field.set_cached_value(instance, target)
    changes = [
        Change(
            field=field_label(model_field),
            old=format_value(model_field, old, linked),
            new=format_value(model_field, new, linked),
        )
        for model_field, old, new in plain
    ] + [
        Change(
            field=field_label(link_field),
            added=_names(link_field, added, linked),
            removed=_names(link_field, removed, linked),
        )
        for link_field, added, removed in links
    ]
    user = record.history_user
    return AuditEntry(
        when=record.history_date,
        who=(user.get_full_name() or user.get_username()) if user else "",
        action=ACTIONS[record.history_type],
        model_name=str(capfirst(record.instance_type._meta.verbose_name)),
        object_repr=name_of(instance),
        changes=changes,
        kind=redaction_kind(record.instance_type),
        history_id=record.history_id,
        has_text=bool(text_fields(record)),
    )


def _names(link_field: models.ManyToManyField, pks: set[Any], linked: Linked) -> tuple[str, ...]:
    return tuple(sorted((linked.name(target_of(link_field), pk) for pk in pks), key=sort_key))


# The sign-in log ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInFilter:
    username: str | None = None
    period: Period = Period()
    after: Cursor | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.username or self.period.narrowed)


@dataclass(frozen=True)
class SignIn:
    """One login or failed attempt, as django-axes recorded it."""

    when: datetime.datetime
    username: str
    who: str
    succeeded: bool
    locked_out: bool
    ip_address: str | None
    device: str
    logged_out: datetime.datetime | None


@dataclass(frozen=True)
class SignInPage:
    sign_ins: list[SignIn]
    older: Cursor | None


def sign_ins(
    *, user: access.User, criteria: SignInFilter = SignInFilter(), limit: int = PAGE_SIZE
) -> SignInPage:
    """One page of logins and failed attempts, newest first: for an administrator those of
    the users they manage; for a superuser every one, attempts on unknown names included."""
    rows: list[tuple[Cursor, Any]] = []
    for model in (AccessLog, AccessFailureLog):
        records = model.objects.filter(criteria.period.condition("attempt_time"))
        if not access.is_superuser(user):
            records = records.filter(username__in=users_managed_by(user).values("username"))
        if criteria.username is not None:
            records = records.filter(username=criteria.username)
        label = model._meta.label_lower
        if criteria.after is not None:
            records = records.filter(criteria.after.rows_after(label, date="attempt_time", pk="pk"))
        newest = records.order_by("-attempt_time", "-pk")[: limit + 1]
        rows.extend((Cursor(when=r.attempt_time, label=label, pk=r.pk), r) for r in newest)
    rows.sort(key=lambda row: row[0].order_key())
    shown = rows[:limit]
    names = {
        person.get_username(): person.get_full_name() or person.get_username()
        for person in get_user_model().objects.filter(
            username__in={record.username for _cursor, record in shown}
        )
    }
    return SignInPage(
        sign_ins=[
            SignIn(
                when=record.attempt_time,
                username=record.username or "",
                who=names.get(record.username, record.username or ""),
                succeeded=isinstance(record, AccessLog),
                locked_out=getattr(record, "locked_out", False),
                ip_address=record.ip_address,
                device=device(record.user_agent),
                logged_out=getattr(record, "logout_time", None),
            )
            for _cursor, record in shown
        ],
        older=shown[-1][0] if len(rows) > limit else None,
    )
