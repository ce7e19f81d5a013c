"""The checks of an import file against the database (the dry run): every row's errors, what
would be created, and the writes to make if there is no error. Reads only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ndrc.rules.catalogue import languages_offered
from ndrc.rules.grade_basis import CandidateFile
from ndrc.tables import TableError, read_table
from ndrc.web.candidates.grade_services import (
    GradeForbidden,
    GradeWrite,
    check_basis,
    check_role,
    validated,
)
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.rules_inputs import candidate_file, plan_of
from ndrc.web.grading.permits import grade_permit
from ndrc.web.imports.exam_days import COLUMNS as EXAM_DAY_COLUMNS
from ndrc.web.imports.exam_days import EXAM_DAY_KINDS, check_exam_days
from ndrc.web.imports.models import ImportKind
from ndrc.web.imports.parsing import (
    CANDIDATE_COLUMNS,
    GRADE_COLUMNS,
    MAX_BYTES,
    MAX_CANDIDATE_ROWS,
    MAX_GRADE_ROWS,
    Column,
    RowError,
    candidate_fields,
    grade_fields,
    grade_write,
    map_columns,
    row_cells,
)
from ndrc.web.sessions.models import Academy, Establishment, ExamSession

ProgressFn = Callable[[int, int, str], None]

# Below this many numbers in a file, the database is asked for these numbers only; above, for
# the whole session at once (a national file: one query, no list of 30,000 parameters).
FEW = 1000
# The progress of a check is told every this many rows.
PROGRESS_EVERY = 1000
# The rows of what would be created kept for the page (the others are only counted).
PLANNED_SHOWN = 300

# Model fields → the column of the file that gives them (for the model's own checks).
FIELD_COLUMNS = {
    "number": "numero",
    "last_name": "nom",
    "first_name": "prenom",
    "birth_date": "date_naissance",
    "route": "voie",
    "establishment": "uai",
    "lv1": "lv1",
    "ef1_language": "ef1_langue",
    "ef2": "ef2",
    "assessment_form": "forme",
    "exemption_requests": "dispenses",
    "vae_units": "unites_vae",
    "extra_time": "tiers_temps",
    "arrangements": "amenagements",
    "internship_status": "statut_stage",
    "continuing_situation": "situation_fc",
}


@dataclass
class Report:
    """What the dry run found: errors (the import is refused if there is one), warnings (the
    import is possible) and what would be created: ``planned_count`` rows, the first
    ``PLANNED_SHOWN`` described in ``planned`` (a national file is not kept twice)."""

    kind: str
    filename: str
    described: str = ""
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    planned: list[dict[str, Any]] = field(default_factory=list)
    planned_count: int = 0
    # Errors and warnings counted but not kept (a report read back from its job keeps the
    # first ``shown`` of each: see ``to_json``).
    hidden_errors: int = 0
    hidden_warnings: int = 0

    @property
    def describes_more(self) -> bool:
        """Whether another row that would be created is still to be described."""
        return len(self.planned) < PLANNED_SHOWN

    def plan(self, row: dict[str, Any]) -> None:
        """Count a row that would be created, described if among the first shown."""
        self.planned_count += 1
        if self.describes_more:
            self.planned.append(row)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.hidden_errors

    @property
    def error_lines(self) -> int:
        return len({e.line for e in self.errors})

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.hidden_errors

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + self.hidden_warnings

    def to_json(self, *, shown: int) -> dict[str, Any]:
        """The report as JSON (kept in the dry run's job): the first ``shown`` errors and
        warnings, the others counted; the rows described as they are."""
        return {
            "kind": self.kind,
            "filename": self.filename,
            "described": self.described,
            "rows": self.rows,
            "ok": self.ok,
            "errors": [e.to_dict() for e in self.errors[:shown]],
            "hidden_errors": self.error_count - min(shown, len(self.errors)),
            "warnings": [w.to_dict() for w in self.warnings[:shown]],
            "hidden_warnings": self.warning_count - min(shown, len(self.warnings)),
            "planned": [
                {
                    key: value if isinstance(value, bool | int) else str(value)
                    for key, value in row.items()
                }
                for row in self.planned
            ],
            "planned_count": self.planned_count,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        """The report kept by ``to_json``."""

        def row_errors(key: str) -> list[RowError]:
            return [
                RowError(int(e["line"]), str(e["column"]), str(e["message"]))
                for e in data.get(key) or []
            ]

        return cls(
            kind=str(data["kind"]),
            filename=str(data["filename"]),
            described=str(data.get("described") or ""),
            rows=int(data.get("rows") or 0),
            errors=row_errors("errors"),
            warnings=row_errors("warnings"),
            planned=list(data.get("planned") or []),
            planned_count=int(data.get("planned_count") or 0),
            hidden_errors=int(data.get("hidden_errors") or 0),
            hidden_warnings=int(data.get("hidden_warnings") or 0),
        )


@dataclass
class Checked:
    report: Report
    candidates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    grades: list[tuple[int, Candidate, GradeWrite]] = field(default_factory=list)
    # Each candidate's file, built once while checking the grades (written with them).
    files: dict[int, CandidateFile] = field(default_factory=dict)
    # The rows of an exam days' file to write (imports/exam_days.py).
    exam_days: list[dict[str, Any]] = field(default_factory=list)


def columns_of(kind: str) -> tuple[Column, ...]:
    """The columns of a kind of import file."""
    if kind == ImportKind.CANDIDATES:
        return CANDIDATE_COLUMNS
    if kind == ImportKind.GRADES:
        return GRADE_COLUMNS
    return EXAM_DAY_COLUMNS[kind]


def _no_progress(done: int, total: int, message: str) -> None:
    return None


def check_file(
    *,
    kind: str,
    filename: str,
    content: bytes,
    session: ExamSession,
    academy: Academy,
    user: Any,
    progress: ProgressFn = _no_progress,
) -> Checked:
    """Read and check a whole file; nothing is written."""
    report = Report(kind=kind, filename=filename)
    checked = Checked(report=report)
    try:
        limit = MAX_GRADE_ROWS if kind == ImportKind.GRADES else MAX_CANDIDATE_ROWS
        table = read_table(filename, content, max_bytes=MAX_BYTES, max_rows=limit)
    except TableError as error:
        report.errors.append(RowError(0, "", str(error)))
        return checked
    report.described = table.described
    report.rows = len(table.rows)
    columns = columns_of(kind)
    positions, errors = map_columns(table.headers, columns)
    if errors:
        report.errors.extend(errors)
        return checked
    rows = [(line, row_cells(cells, positions)) for line, cells in table.rows]
    if kind in EXAM_DAY_KINDS:
        check_exam_days(
            kind=kind,
            rows=rows,
            session=session,
            academy=academy,
            user=user,
            report=report,
            writes=checked.exam_days,
        )
    elif kind == ImportKind.CANDIDATES:
        _check_candidates(checked, rows, session, academy, progress)
    else:
        _check_grades(checked, rows, session, academy, user, progress)
    return checked


def _check_candidates(
    checked: Checked,
    rows: list[tuple[int, dict[str, Any]]],
    session: ExamSession,
    academy: Academy,
    progress: ProgressFn,
) -> None:
    report = checked.report
    parsed = [(line, *candidate_fields(cells)) for line, cells in rows]
    numbers = {fields["number"] for _, fields, _ in parsed if fields["number"]}
    registered = set(_in_session(session, numbers).values_list("number", flat=True))
    uais = {fields["uai"] for _, fields, _ in parsed if fields["uai"]}
    establishments = {e.uai: e for e in Establishment.objects.filter(uai__in=uais)}
    seen: dict[str, int] = {}
    for index, (line, fields, errors) in enumerate(parsed):
        if index % PROGRESS_EVERY == 0:
            progress(index, len(parsed), f"Vérification de la ligne {line}")
        number = fields["number"]
        if number in seen:
            errors.append(
                (
                    "numero",
                    f"numéro {number} en double dans le fichier (déjà ligne {seen[number]}).",
                )
            )
        elif number:
            seen[number] = line
        if number in registered:
            errors.append(("numero", f"le numéro {number} est déjà inscrit à la {session}."))
        errors.extend(_language_errors(fields, session))
        establishment = None
        if fields["uai"]:
            establishment = establishments.get(fields["uai"])
            if establishment is None:
                errors.append(("uai", f"établissement {fields['uai']} inconnu."))
            elif establishment.academy_id != academy.pk:
                errors.append(
                    (
                        "uai",
                        f"l'établissement {fields['uai']} ({establishment.name}) "
                        "n'appartient pas à votre académie.",
                    )
                )
        if not errors:
            kwargs = _register_kwargs(fields, session, academy, establishment)
            candidate = Candidate(**kwargs)
            errors.extend(_model_errors(candidate))
        if errors:
            report.errors.extend(RowError(line, column, message) for column, message in errors)
            continue
        plan = plan_of(candidate)
        report.warnings.extend(
            RowError(line, "", f"plan d'épreuves : {finding.message}") for finding in plan.errors
        )
        checked.candidates.append((line, kwargs))
        report.plan(
            {
                "line": line,
                "number": number,
                "name": f"{fields['last_name'].upper()} {fields['first_name']}",
                "route": candidate.route_label,
                "establishment": str(establishment) if establishment else "—",
                "exams": ", ".join(p.code for p in plan.exams),
            }
        )
    progress(len(parsed), len(parsed), "Vérification terminée")


def _language_errors(fields: dict[str, Any], session: ExamSession) -> list[tuple[str, str]]:
    """LV1 and EF1 among the languages offered at the session (``languages.yaml``)."""
    offered = languages_offered(session.year)
    errors = []
    for column, name, choices, exam in (
        ("lv1", "lv1", offered.lv1, "LV1 (E2)"),
        ("ef1_langue", "ef1_language", offered.ef1, "EF1"),
    ):
        language = fields.get(name) or ""
        if language and language not in choices:
            errors.append(
                (
                    column,
                    f"la langue « {language} » n'est pas proposée en {exam} à la session "
                    f"{session.year} : choisissez parmi {', '.join(choices)}.",
                )
            )
    return errors


def _register_kwargs(
    fields: dict[str, Any],
    session: ExamSession,
    academy: Academy,
    establishment: Establishment | None,
) -> dict[str, Any]:
    """The keyword arguments of ``services.candidate_register`` (without the actor)."""
    kwargs = {k: v for k, v in fields.items() if k != "uai"}
    kwargs.update(session=session, academy=academy, establishment=establishment)
    return kwargs


def _in_session(session: ExamSession, numbers: set[str]) -> QuerySet[Candidate]:
    """The session's candidates of these numbers (the whole session for a long file)."""
    candidates = Candidate.objects.filter(session=session)
    return candidates.filter(number__in=numbers) if len(numbers) <= FEW else candidates


def _model_errors(candidate: Candidate) -> list[tuple[str, str]]:
    """The model's own checks (lengths, choices), the uniqueness being checked in bulk."""
    try:
        candidate.full_clean(
            exclude=["session", "academy", "establishment"],  # checked above, in bulk
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        return [
            (FIELD_COLUMNS.get(name, name), " ".join(messages))
            for name, messages in error.message_dict.items()
        ]
    return []


def _check_grades(
    checked: Checked,
    rows: list[tuple[int, dict[str, Any]]],
    session: ExamSession,
    academy: Academy,
    user: Any,
    progress: ProgressFn,
) -> None:
    report = checked.report
    parsed = [(line, *grade_fields(cells)) for line, cells in rows]
    numbers = {row.number for _, row, _ in parsed if row.number}
    # Only the candidates of the user's académie: another académie's are "unknown".
    candidates = {
        c.number: c
        for c in _in_session(session, numbers)
        .filter(academy=academy)
        .select_related("establishment", "session")
    }
    grades = Grade.objects.filter(exam__in={row.exam for _, row, _ in parsed})
    if len(numbers) <= FEW:
        grades = grades.filter(candidate__in=[c.pk for c in candidates.values()])
    else:
        grades = grades.filter(candidate__session=session, candidate__academy=academy)
    existing = {(g.candidate_id, g.exam): g for g in grades}
    seen: dict[tuple[str, str], int] = {}
    files = checked.files
    for index, (line, row, errors) in enumerate(parsed):
        if index % PROGRESS_EVERY == 0:
            progress(index, len(parsed), f"Vérification de la ligne {line}")
        candidate = candidates.get(row.number)
        if row.number and candidate is None:
            errors.append(
                (
                    "numero",
                    f"candidat {row.number} inconnu : aucun candidat de ce numéro dans "
                    f"votre académie pour la {session}.",
                )
            )
        if (row.number, row.exam) in seen:
            errors.append(
                (
                    "epreuve",
                    f"note {row.exam} du candidat {row.number} en double dans le "
                    f"fichier (déjà ligne {seen[row.number, row.exam]}).",
                )
            )
        elif row.number and row.exam:
            seen[row.number, row.exam] = line
        if errors or candidate is None:
            report.errors.extend(RowError(line, column, message) for column, message in errors)
            continue
        current = existing.get((candidate.pk, row.exam))
        if current is not None:
            errors.append(
                (
                    "note",
                    f"une note {row.exam} existe déjà pour le candidat {row.number} "
                    f"(« {current.typed} ») : l'import ne remplace aucune note, corrigez-la "
                    "dans la saisie des notes.",
                )
            )
        if candidate.locked_by:  # a closed deliberation (candidates.locks)
            errors.append(
                (
                    "numero",
                    f"délibération close (jury « {candidate.locked_by} ») pour le "
                    f"candidat {row.number} : ses notes ne changent qu'après réouverture.",
                )
            )
        permit = grade_permit(user, candidate, row.exam)
        if not permit.allowed:
            errors.append(
                (
                    "epreuve",
                    f"{row.exam} pour le candidat {row.number} : {permit.reason} — "
                    "pas de note à importer.",
                )
            )
        write = None
        if not errors:
            try:
                write = grade_write(row.text, row.exam, ccf=permit.ccf)
            except ValueError as error:
                errors.append(("note", str(error)))
        if write is not None:
            errors.extend(_file_errors(candidate, write, user, files))
        if errors or write is None:
            report.errors.extend(RowError(line, column, message) for column, message in errors)
            continue
        checked.grades.append((line, candidate, write))
        if not report.describes_more:
            report.planned_count += 1  # only counted: the rows shown are described already
            continue
        shown = Grade(state=write.state, value=write.value, carried_session=write.carried_session)
        report.plan(
            {
                "line": line,
                "number": row.number,
                "name": f"{candidate.last_name.upper()} {candidate.first_name}",
                "exam": row.exam,
                "grade": shown.typed,
                "ccf": write.ccf,
            }
        )
    progress(len(parsed), len(parsed), "Vérification terminée")


def _file_errors(
    candidate: Candidate, write: GradeWrite, user: Any, files: dict[int, CandidateFile]
) -> list[tuple[str, str]]:
    """A grade « dispensé », « VAE » or « bénéfice » comes from the candidate's file: set by
    the exam office only, and grounded by the file (the grade services' own checks)."""
    if candidate.pk not in files:
        files[candidate.pk] = candidate_file(candidate)
    try:
        check_role(exam=write.exam, states=[write.state], actor=user)
        check_basis(file=files[candidate.pk], write=write, grade=validated(write))
    except GradeForbidden as error:
        return [("note", f"candidat {candidate.number} : {error}")]
    except ValidationError as error:
        return [("note", f"candidat {candidate.number} : {' '.join(error.messages)}")]
    return []
