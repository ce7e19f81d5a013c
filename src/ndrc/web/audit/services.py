"""The one way a service records what it wrote: ``audit_record`` for one entry,
``audited_create`` and ``audited_update`` for the usual "check, save, record" of a model, and
``audit_bulk`` for the writes made many at a time (imports, closing a deliberation), whose
rows ``bulk_insert`` writes (PostgreSQL's COPY, or ``bulk_create`` elsewhere)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import F

from ndrc.web.audit.models import WITHHELD, AccessLog, AuditEntry

M = TypeVar("M", bound=models.Model)


def _user(actor: Any) -> Any:
    """The account to record: None for a script or an anonymous actor."""
    return actor if getattr(actor, "pk", None) else None


def jsonable(value: Any) -> Any:
    """A field's value as the journal stores it (JSON): related objects by primary key,
    dates and times in ISO form, decimals as text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# The fields whose value the journal does not keep, per model (its label): that they were set
# or changed is recorded (``WITHHELD``), not the value. A birth date, the arrangements of a
# disabled candidate (health data, GDPR art. 9) and the diplomas held are in the candidate's file
# as long as it is kept; kept in the journal they would outlive it (GDPR art. 5.1.c and e).
WITHHELD_FIELDS: dict[str, frozenset[str]] = {
    "candidates.Candidate": frozenset({"birth_date", "extra_time", "arrangements", "diplomas"}),
    # The livret's appreciations and Pix mention: kept one year with the livret (C2022 §1.3).
    "candidates.Livret": frozenset({"appreciations", "pix_mention", "pix_score"}),
}


def withheld_fields(model: type[models.Model] | models.Model) -> frozenset[str]:
    """The fields of this model whose values the journal does not keep."""
    return WITHHELD_FIELDS.get(model._meta.label, frozenset())


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of these fields of an object, as the journal stores them (a withheld field
    as ``WITHHELD``)."""
    hidden = withheld_fields(obj)
    return {name: WITHHELD if name in hidden else jsonable(getattr(obj, name)) for name in fields}


def _values(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: jsonable(getattr(obj, name)) for name in fields}


def candidates_revise(candidate_ids: Iterable[int]) -> None:
    """Move the revision of these candidates: every write about a candidate leaves an entry,
    and what was computed from a file (its proposed result) is current only while the
    candidate's revision has not moved (``candidates.ProposedResult``)."""
    ids = sorted({pk for pk in candidate_ids if pk is not None})
    candidate_model = AuditEntry._meta.get_field("candidate").related_model
    for start in range(0, len(ids), 5000):
        candidate_model._default_manager.filter(pk__in=ids[start : start + 5000]).update(
            revision=F("revision") + 1
        )


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    candidate: Any = None,
    revise: bool = True,
) -> AuditEntry:
    """One entry; an entry about a candidate moves the candidate's revision unless
    ``revise`` is False (a read recorded in the journal, such as an export, changes nothing
    in the file)."""
    if candidate is not None and revise:
        candidates_revise([getattr(candidate, "pk", candidate)])
    return AuditEntry.objects.create(
        actor=_user(actor),
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        candidate=candidate,
        before=before,
        after=after,
        reason=reason,
    )


def audit_event(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_repr: str,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """One entry about no single row (a command run over many kinds of data)."""
    return AuditEntry.objects.create(
        actor=_user(actor),
        action=action,
        object_type=object_type,
        object_id="",
        object_repr=object_repr[:255],
        after=after,
        reason=reason,
    )


def audited_create(
    obj: M,
    *,
    actor: Any,
    action: str,
    fields: Sequence[str],
    candidate: Any = None,
    reason: str = "",
    check: Callable[[M], None] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> M:
    """Check (``full_clean``, then ``check``), save and record a new object: the entry holds
    ``fields`` and, when given, ``extra`` (what the service writes with it: members…)."""
    obj.full_clean()
    if check is not None:
        check(obj)
    obj.save()
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        after={**snapshot(obj, fields), **(extra or {})},
        candidate=candidate,
        reason=reason,
    )
    return obj


def audited_update(
    obj: M,
    *,
    changes: Mapping[str, Any],
    actor: Any,
    action: str,
    fields: Sequence[str],
    candidate: Any = None,
    reason: str = "",
    check: Callable[[M], None] | None = None,
    only_changed: bool = True,
) -> M:
    """Apply ``changes``, check the object (``full_clean``, then ``check``), save it and
    record the fields before and after (only those that changed, unless ``only_changed`` is
    False; a withheld field as ``WITHHELD``: that it changed, not its values)."""
    before = _values(obj, fields)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    if check is not None:
        check(obj)
    obj.save()
    after = _values(obj, fields)
    if only_changed:
        changed = [name for name in fields if before[name] != after[name]]
        before = {name: before[name] for name in changed}
        after = {name: after[name] for name in changed}
    for name in withheld_fields(obj):
        for side in (before, after):
            if name in side:
                side[name] = WITHHELD
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        candidate=candidate,
        reason=reason,
    )
    return obj


@dataclass(frozen=True)
class AuditLine:
    """One entry of a bulk write: the object (saved), and what the entry says of it."""

    obj: models.Model
    after: Any = None
    before: Any = None
    candidate_id: int | None = None
    object_id: str = ""
    object_repr: str = ""


def bulk_insert(objs: Sequence[models.Model]) -> None:
    """Insert these new objects of one model, many at a time: on PostgreSQL streamed with COPY
    (no query text to build, no parameter to quote on the client), elsewhere with
    ``bulk_create``. Their primary keys are not read back."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=1000)
        return
    fields = _copied_fields(model)
    # What a save writes (auto_now_add, ids).
    _copy(model, fields, ([f.pre_save(obj, True) for f in fields] for obj in objs))


def bulk_insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """``bulk_insert`` of rows given as their fields' values (by attribute name, ``candidate_id``
    for a relation; a field left out takes its default): thousands of rows are written
    without building a model object for each."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)
        return
    fields = _copied_fields(model)
    defaults = {f.attname: f.get_default() for f in fields}
    _copy(model, fields, ([row.get(k, d) for k, d in defaults.items()] for row in rows))


def _copied_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """Every column but a generated key (a key that is a relation, one-to-one, is written)."""
    return [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]


def _copy(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    rows: Iterable[list[Any]],
) -> None:
    quote = connection.ops.quote_name
    sql = (
        f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        "FROM STDIN"
    )
    encoders = [(i, f.encoder) for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    # JSON as text, which the server parses; a value shared by many rows (the same object)
    # and an empty list or object are written once.
    texts: dict[int, tuple[Any, str]] = {}
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            for index, encoder in encoders:
                value = row[index]
                if value is None:
                    continue
                if not value and isinstance(value, list | dict):
                    row[index] = "[]" if isinstance(value, list) else "{}"
                    continue
                known = texts.get(id(value))
                if known is None or known[0] is not value:
                    known = texts[id(value)] = (value, json.dumps(value, cls=encoder))
                row[index] = known[1]
            copy.write_row(row)


def audit_bulk(
    *,
    actor: Any,
    action: str,
    lines: Iterable[AuditLine],
    reason: str = "",
    revise: bool = True,
) -> int:
    """One entry per line, written in bulk (``bulk_insert``); the candidates' revisions move
    unless ``revise`` is False (a document issued from the file changes nothing in it)."""
    user = _user(actor)
    entries = [
        AuditEntry(
            actor=user,
            action=action,
            object_type=line.obj._meta.label,
            object_id=line.object_id or str(line.obj.pk),
            object_repr=(line.object_repr or str(line.obj))[:255],
            candidate_id=line.candidate_id,
            before=line.before,
            after=line.after,
            reason=reason,
        )
        for line in lines
    ]
    bulk_insert(entries)
    if revise:
        candidates_revise(entry.candidate_id for entry in entries)
    return len(entries)


def access_record(*, user: Any, candidate: Any, page: str) -> AccessLog | None:
    """Record that a member of staff read a candidate's file (one row per page shown: its
    file, history, grades, personal data…). A candidate reading his or her own file, an
    anonymous visitor and a script are not recorded."""
    if not getattr(user, "pk", None) or getattr(candidate, "user_id", None) == user.pk:
        return None
    return AccessLog.objects.create(user=user, candidate=candidate, page=page)
