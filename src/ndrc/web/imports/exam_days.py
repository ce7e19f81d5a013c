"""Imports of the exam days' organisation (« 11 · The exam days »): rooms of the exam centres,
the half-days they are open, examiners and their availability. The same dry run as the
candidates' and grades' imports (``checks.check_file`` calls ``check_exam_days``: every
row's errors in French, nothing written), then the writes, all or nothing, one audit entry per
row (``write_exam_days``, inside the import job's transaction).

A room (centre, name) or an examiner (e-mail) already recorded is updated; an opening or a
half-day of availability already recorded is left as it is (a warning)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ndrc.tables import cell_text
from ndrc.web.accounts.roles import Permission, has_permission
from ndrc.web.audit.services import audited_create
from ndrc.web.imports.cells import key, parse_bool, parse_date
from ndrc.web.imports.models import ImportKind
from ndrc.web.imports.parsing import Column, RowError
from ndrc.web.scheduling import organisation_selectors as selectors
from ndrc.web.scheduling import organisation_services as services
from ndrc.web.scheduling.models import (
    CentreOpening,
    Examiner,
    ExaminerAvailability,
    OralWindow,
    Room,
)
from ndrc.web.sessions.models import Academy, Establishment, ExamCentre, ExamSession

EXAM_DAY_KINDS = (
    ImportKind.ROOMS,
    ImportKind.OPENINGS,
    ImportKind.EXAMINERS,
    ImportKind.AVAILABILITY,
)

CENTRE = Column("centre", True, "code du centre d'examen (de votre académie)", "C0630001")
DATE = Column(
    "date", True, "date, JJ/MM/AAAA ou AAAA-MM-JJ, dans la période des oraux", "19/05/2025"
)
HALF = Column("demi_journee", True, "matin ou après-midi", "matin")

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.ROOMS: (
        CENTRE,
        Column(
            "nom", True, "nom de la salle, unique dans le centre (64 caractères au plus)", "B12"
        ),
        Column("type", True, "oral (salle d'interrogation) ou informatique", "informatique"),
        Column("postes", False, "postes informatiques (salle informatique seulement)", "12"),
        Column("disponible", False, "oui (par défaut) ou non", "oui"),
    ),
    ImportKind.OPENINGS: (CENTRE, DATE, HALF),
    ImportKind.EXAMINERS: (
        Column("nom", True, "nom de famille", "Martin"),
        Column("prenom", True, "prénom", "Léa"),
        Column(
            "courriel", True, "adresse électronique, unique dans la session", "l.martin@example.org"
        ),
        Column("uai", False, "UAI de l'établissement ; vide pour un professionnel", "0630001A"),
        Column(
            "qualites",
            True,
            "qualités séparées par des espaces : bloc1 bloc2 bloc3 language cge cejm professional",
            "language",
        ),
        Column(
            "langues", False, "langues du professeur de langue, séparées par des espaces", "anglais"
        ),
        Column(
            "centres",
            False,
            "codes des centres où il peut se rendre, séparés par des espaces",
            "C0630001",
        ),
    ),
    ImportKind.AVAILABILITY: (
        Column("examinateur", True, "courriel ou numéro de l'examinateur", "l.martin@example.org"),
        DATE,
        HALF,
    ),
}

ROOM_KINDS = {
    "oral": Room.ORAL,
    "interrogation": Room.ORAL,
    "informatique": Room.COMPUTER,
    "computer": Room.COMPUTER,
    "salle_informatique": Room.COMPUTER,
}
HALVES = {"matin": 0, "am": 0, "0": 0, "apres_midi": 1, "pm": 1, "1": 1}
HALF_LABELS = {0: "matin", 1: "après-midi"}


def _tokens(value: Any) -> list[str]:
    return [t for t in re.split(r"[\s,;+/]+", cell_text(value)) if t]


def _half(value: Any, errors: list[tuple[str, str]]) -> int | None:
    half = HALVES.get(key(cell_text(value)))
    if half is None:
        errors.append(("demi_journee", f"« {cell_text(value)} » : attendu matin ou après-midi."))
    return half


def _date(value: Any, window: OralWindow | None, errors: list[tuple[str, str]]) -> dt.date | None:
    try:
        day = parse_date(value)
    except ValueError as error:
        errors.append(("date", str(error)))
        return None
    if window is None:
        errors.append(("date", "la période des oraux n'est pas saisie (calendrier des épreuves)."))
        return None
    if not window.first_day <= day <= window.last_day:
        errors.append(
            (
                "date",
                f"le {day:%d/%m/%Y} est hors de la période des oraux "
                f"({window.first_day:%d/%m/%Y} – {window.last_day:%d/%m/%Y}).",
            )
        )
        return None
    return day


def check_exam_days(
    *,
    kind: str,
    rows: list[tuple[int, dict[str, Any]]],
    session: ExamSession,
    academy: Academy,
    user: Any,
    report: Any,
    writes: list[dict[str, Any]],
) -> None:
    """Check every row of an exam days' file; what to write goes to ``writes``."""
    if not has_permission(user, Permission.ORGANISE_EXAM_DAYS):
        report.errors.append(
            RowError(0, "", "seul le service des examens organise les journées d'examen.")
        )
        return
    centres = {c.code.upper(): c for c in ExamCentre.objects.filter(academy=academy)}
    window = selectors.oral_window(session=session, academy=academy)
    check = {
        ImportKind.ROOMS: _check_room,
        ImportKind.OPENINGS: _check_opening,
        ImportKind.EXAMINERS: _check_examiner,
        ImportKind.AVAILABILITY: _check_availability,
    }[ImportKind(kind)]
    context = _Context(session=session, academy=academy, centres=centres, window=window)
    for line, cells in rows:
        errors: list[tuple[str, str]] = []
        warnings: list[str] = []
        write = check(cells, context, errors, warnings, line)
        if errors:
            report.errors.extend(RowError(line, column, message) for column, message in errors)
            continue
        report.warnings.extend(RowError(line, "", message) for message in warnings)
        if write is not None:
            writes.append(write)
            report.plan({"line": line, "what": write["what"]})


class _Context:
    def __init__(
        self,
        *,
        session: ExamSession,
        academy: Academy,
        centres: dict[str, ExamCentre],
        window: OralWindow | None,
    ) -> None:
        self.session = session
        self.academy = academy
        self.centres = centres
        self.window = window
        self.seen: dict[Any, int] = {}
        self.cache: dict[str, Any] = {}

    def centre(self, value: Any, errors: list[tuple[str, str]], column: str = "centre") -> Any:
        code = cell_text(value).upper()
        centre = self.centres.get(code)
        if centre is None:
            errors.append((column, f"centre « {cell_text(value)} » inconnu dans votre académie."))
        return centre

    def once(self, token: Any, line: int, errors: list[tuple[str, str]], column: str) -> None:
        if token in self.seen:
            errors.append((column, f"en double dans le fichier (déjà ligne {self.seen[token]})."))
        else:
            self.seen[token] = line


def _check_room(
    cells: dict[str, Any],
    ctx: _Context,
    errors: list[tuple[str, str]],
    warnings: list[str],
    line: int,
) -> dict[str, Any] | None:
    centre = ctx.centre(cells.get("centre"), errors)
    name = cell_text(cells.get("nom"))
    if not name or len(name) > 64:
        errors.append(("nom", "nom de salle obligatoire, 64 caractères au plus."))
    kind = ROOM_KINDS.get(key(cell_text(cells.get("type"))))
    if kind is None:
        errors.append(
            ("type", f"« {cell_text(cells.get('type'))} » : attendu oral ou informatique.")
        )
    posts_text = cell_text(cells.get("postes")) or "0"
    posts = int(posts_text) if posts_text.isdigit() and int(posts_text) <= 500 else None
    if posts is None:
        errors.append(("postes", f"« {posts_text} » : un nombre de postes de 0 à 500."))
    elif kind == Room.COMPUTER and posts == 0:
        errors.append(("postes", "une salle informatique a au moins un poste."))
    elif kind == Room.ORAL and posts:
        errors.append(("postes", "une salle d'interrogation n'a pas de poste : 0."))
    try:
        active = parse_bool(cells.get("disponible")) if cell_text(cells.get("disponible")) else True
    except ValueError as error:
        errors.append(("disponible", str(error)))
        active = True
    if centre is not None and name:
        ctx.once((centre.pk, name.lower()), line, errors, "nom")
    if errors:
        return None
    described = f"informatique, {posts} postes" if kind == Room.COMPUTER else "oral"
    return {
        "centre": centre,
        "name": name,
        "kind": kind,
        "posts": posts,
        "active": active,
        "what": f"{centre.code} — salle {name} ({described})",
    }


def _check_opening(
    cells: dict[str, Any],
    ctx: _Context,
    errors: list[tuple[str, str]],
    warnings: list[str],
    line: int,
) -> dict[str, Any] | None:
    centre = ctx.centre(cells.get("centre"), errors)
    day = _date(cells.get("date"), ctx.window, errors)
    half = _half(cells.get("demi_journee"), errors)
    if errors or centre is None or day is None or half is None:
        return None
    ctx.once((centre.pk, day, half), line, errors, "date")
    if errors:
        return None
    if "openings" not in ctx.cache:
        ctx.cache["openings"] = set(
            CentreOpening.objects.filter(
                session=ctx.session, centre__academy=ctx.academy
            ).values_list("centre_id", "date", "half")
        )
    if (centre.pk, day, half) in ctx.cache["openings"]:
        warnings.append(f"{centre.code} déjà ouvert le {day:%d/%m/%Y} {HALF_LABELS[half]}.")
        return None
    return {
        "centre": centre,
        "date": day,
        "half": half,
        "what": f"{centre.code} ouvert le {day:%d/%m/%Y} {HALF_LABELS[half]}",
    }


def _check_examiner(
    cells: dict[str, Any],
    ctx: _Context,
    errors: list[tuple[str, str]],
    warnings: list[str],
    line: int,
) -> dict[str, Any] | None:
    last_name, first_name = cell_text(cells.get("nom")), cell_text(cells.get("prenom"))
    for column, value in (("nom", last_name), ("prenom", first_name)):
        if not value or len(value) > 128:
            errors.append((column, "valeur obligatoire, 128 caractères au plus."))
    email = cell_text(cells.get("courriel")).lower()
    try:
        validate_email(email)
    except ValidationError:
        errors.append(("courriel", f"adresse « {email} » invalide."))
    else:
        ctx.once(email, line, errors, "courriel")
    kinds_known = selectors.kind_labels()
    kinds = [k.lower() for k in _tokens(cells.get("qualites"))]
    unknown = [k for k in kinds if k not in kinds_known]
    if not kinds or unknown:
        errors.append(
            ("qualites", f"qualités inconnues ou absentes (attendu : {', '.join(kinds_known)}).")
        )
    offered = selectors.language_codes(year=ctx.session.year)
    languages = [lang.lower() for lang in _tokens(cells.get("langues"))]
    if [lang for lang in languages if lang not in offered]:
        errors.append(("langues", f"langues possibles : {', '.join(offered)}."))
    if "language" in kinds and not languages:
        errors.append(("langues", "un professeur de langue a au moins une langue."))
    uai = cell_text(cells.get("uai")).upper()
    establishment = None
    if uai:
        if "establishments" not in ctx.cache:
            ctx.cache["establishments"] = {
                e.uai.upper(): e for e in Establishment.objects.filter(academy=ctx.academy)
            }
        establishment = ctx.cache["establishments"].get(uai)
        if establishment is None:
            errors.append(("uai", f"établissement {uai} inconnu dans votre académie."))
    centres = [ctx.centre(code, errors, "centres") for code in _tokens(cells.get("centres"))]
    if errors:
        return None
    if not centres:
        warnings.append(f"{last_name.upper()} {first_name} : aucun centre accessible.")
    if "examiners" not in ctx.cache:
        ctx.cache["examiners"] = {
            x.email.lower(): x
            for x in Examiner.objects.filter(session=ctx.session, academy=ctx.academy)
            if x.email
        }
    existing = ctx.cache["examiners"].get(email)
    return {
        "examiner": existing,
        "values": {
            "last_name": last_name,
            "first_name": first_name,
            "email": email,
            "establishment": establishment,
            "kinds": kinds,
            "languages": languages if "language" in kinds else [],
        },
        "centres": centres,
        "what": f"{'mis à jour' if existing else 'nouveau'} : {last_name.upper()} {first_name} "
        f"({', '.join(kinds)}{' — ' + ', '.join(languages) if languages else ''})",
    }


def _check_availability(
    cells: dict[str, Any],
    ctx: _Context,
    errors: list[tuple[str, str]],
    warnings: list[str],
    line: int,
) -> dict[str, Any] | None:
    if "examiners" not in ctx.cache:
        examiners = list(Examiner.objects.filter(session=ctx.session, academy=ctx.academy))
        ctx.cache["examiners"] = {x.email.lower(): x for x in examiners if x.email}
        ctx.cache["examiner_ids"] = {str(x.pk): x for x in examiners}
        ctx.cache["available"] = set(
            ExaminerAvailability.objects.filter(examiner__in=examiners).values_list(
                "examiner_id", "date", "half"
            )
        )
    who = cell_text(cells.get("examinateur")).lower()
    examiner = ctx.cache["examiners"].get(who) or ctx.cache["examiner_ids"].get(who)
    if examiner is None:
        errors.append(("examinateur", f"examinateur « {who} » inconnu dans la session."))
    day = _date(cells.get("date"), ctx.window, errors)
    half = _half(cells.get("demi_journee"), errors)
    if errors or examiner is None or day is None or half is None:
        return None
    ctx.once((examiner.pk, day, half), line, errors, "date")
    if errors:
        return None
    if (examiner.pk, day, half) in ctx.cache["available"]:
        warnings.append(f"{examiner} déjà disponible le {day:%d/%m/%Y} {HALF_LABELS[half]}.")
        return None
    return {
        "examiner": examiner,
        "date": day,
        "half": half,
        "what": f"{examiner} disponible le {day:%d/%m/%Y} {HALF_LABELS[half]}",
    }


def write_exam_days(
    *,
    kind: str,
    writes: list[dict[str, Any]],
    session: ExamSession,
    academy: Academy,
    actor: Any,
    reason: str,
) -> int:
    """Write the checked rows (inside the caller's transaction), one audit entry per row."""
    for write in writes:
        if kind == ImportKind.ROOMS:
            room = Room.objects.filter(centre=write["centre"], name=write["name"]).first()
            values = {k: write[k] for k in ("name", "kind", "posts", "active")}
            if room is None:
                services.room_create(centre=write["centre"], actor=actor, **values)
            else:
                services.room_update(room=room, actor=actor, **values)
        elif kind == ImportKind.OPENINGS:
            audited_create(
                CentreOpening(
                    session=session, centre=write["centre"], date=write["date"], half=write["half"]
                ),
                actor=actor,
                action="exam_centre_opening_import",
                fields=("centre", "date", "half"),
                reason=reason,
            )
        elif kind == ImportKind.EXAMINERS:
            if write["examiner"] is None:
                services.examiner_create(
                    session=session,
                    academy=academy,
                    values=write["values"],
                    centres=write["centres"],
                    actor=actor,
                )
            else:
                services.examiner_update(
                    examiner=write["examiner"],
                    values=write["values"],
                    centres=write["centres"],
                    actor=actor,
                )
        else:
            audited_create(
                ExaminerAvailability(
                    examiner=write["examiner"], date=write["date"], half=write["half"]
                ),
                actor=actor,
                action="examiner_availability_import",
                fields=("examiner", "date", "half"),
                reason=reason,
            )
    return len(writes)
