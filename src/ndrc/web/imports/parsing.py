"""The columns of the import files (candidates, grades) and the fields of a row, read cell by
cell by ``cells``: small pure functions, no database. The file itself is read by
``ndrc.tables``. Every problem is a French message naming the line and the column
(docs/import-format.md)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ndrc.rules.candidate_category import Route
from ndrc.rules.catalogue import catalogue
from ndrc.rules.errors import InvalidCandidate
from ndrc.tables import cell_text
from ndrc.web.candidates.grade_services import GradeWrite
from ndrc.web.grading.entry import parse_entry
from ndrc.web.imports.cells import (
    key,
    parse_bool,
    parse_continuing_situation,
    parse_date,
    parse_distance_status,
    parse_form,
    parse_route,
    parse_units,
)

# The import's limits, passed to ``ndrc.tables.read_table`` (the command line has none): a
# national session in one file (about 30,000 candidates, 8 grades each: 240,000 grades), with
# room to spare for the candidates, and a bound on the memory one check holds (a file of
# 250,000 grades takes about 6 MB, its check a few hundred MB).
MAX_BYTES = 16 * 1024 * 1024
MAX_CANDIDATE_ROWS = 60_000
MAX_GRADE_ROWS = 250_000


@dataclass(frozen=True)
class RowError:
    """One problem of the file: line number (1 is the header), column (header name) and
    message. Line 0 is the file as a whole."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Ligne {self.line}" if self.line else "Fichier"
        if self.column:
            where += f", colonne {self.column}"
        return f"{where} : {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


# --------------------------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of an import file: its name (``key``), whether it is required, and its
    description and example for the import page and the template."""

    key: str
    required: bool
    description: str
    example: str = ""


CANDIDATE_COLUMNS = (
    Column(
        "numero",
        True,
        "numéro de candidat, unique dans la session (16 caractères au plus)",
        "25NDRC00001",
    ),
    Column("nom", True, "nom de famille", "Durand"),
    Column("prenom", True, "prénom", "Lou"),
    Column("date_naissance", True, "date de naissance, JJ/MM/AAAA ou AAAA-MM-JJ", "01/03/2005"),
    Column("voie", True, "voie de formation : " + ", ".join(r.value for r in Route), "scolaire"),
    Column(
        "uai",
        True,
        "code UAI de l'établissement de formation (de votre académie) ; vide "
        "seulement pour la voie experience_professionnelle",
        "0630001A",
    ),
    Column("lv1", True, "langue vivante étrangère 1 (E2)", "anglais"),
    Column(
        "ef1_langue",
        False,
        "langue de l'épreuve facultative EF1, différente de la LV1 ; vide si pas d'EF1",
        "espagnol",
    ),
    Column("ef2", False, "épreuve facultative EF2 engagement étudiant : oui ou non", "non"),
    Column("forme", False, "forme de l'examen : globale (par défaut) ou progressive", "globale"),
    Column(
        "dispenses",
        False,
        "unités dont la dispense est demandée, séparées par des espaces",
        "U1 U2",
    ),
    Column("unites_vae", False, "unités validées par la VAE, séparées par des espaces", ""),
    Column("tiers_temps", False, "temps majoré : oui ou non", "non"),
    Column("amenagements", False, "aménagements d'épreuves (255 caractères au plus)", ""),
    Column(
        "statut_stage",
        False,
        "enseignement à distance seulement, et alors obligatoire : statut sous lequel le "
        "candidat fait son stage : scolaire, apprenti ou formation_continue",
        "",
    ),
    Column(
        "situation_fc",
        False,
        "formation continue seulement : premiere_formation (par défaut), reconversion ou "
        "perfectionnement",
        "",
    ),
)

GRADE_COLUMNS = (
    Column("numero", True, "numéro du candidat inscrit dans la session", "25NDRC00001"),
    Column("epreuve", True, "épreuve : " + ", ".join(catalogue().entry_codes), "E1"),
    Column(
        "note",
        True,
        "note de 0 à 20 (virgule ou point, deux décimales au plus) ou état : "
        "ABS, FM, NV, RES, DISP, VAE, NP, BEN:note:session",
        "12,5",
    ),
)

ALIASES = {
    # The exam days' files (imports/exam_days.py).
    "email": "courriel",
    "mail": "courriel",
    "adresse_electronique": "courriel",
    "qualite": "qualites",
    "langue": "langues",
    "code_centre": "centre",
    "demi_journee_matin_ou_apres_midi": "demi_journee",
    "numero_candidat": "numero",
    "numero_de_candidat": "numero",
    "n": "numero",
    "date_de_naissance": "date_naissance",
    "naissance": "date_naissance",
    "code_uai": "uai",
    "ef1": "ef1_langue",
    "langue_ef1": "ef1_langue",
    "forme_examen": "forme",
    "vae": "unites_vae",
    "tiers_temps_majore": "tiers_temps",
    "temps_majore": "tiers_temps",
    "amenagement": "amenagements",
    "statut_pour_le_stage": "statut_stage",
    "statut_stage_distance": "statut_stage",
    "situation_formation_continue": "situation_fc",
    "situation": "situation_fc",
}


def map_columns(
    headers: tuple[str, ...], columns: tuple[Column, ...]
) -> tuple[dict[str, int], list[RowError]]:
    """Where each known column is; errors for unknown, repeated and missing columns."""
    known = {c.key for c in columns}
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, header in enumerate(headers):
        name = key(header)
        if not name:
            errors.append(RowError(1, f"n° {index + 1}", "colonne sans nom."))
            continue
        name = ALIASES.get(name, name)
        if name not in known:
            errors.append(
                RowError(
                    1,
                    str(header).strip(),
                    "colonne inconnue (colonnes possibles : "
                    + ", ".join(c.key for c in columns)
                    + ").",
                )
            )
        elif name in positions:
            errors.append(RowError(1, str(header).strip(), "colonne en double."))
        else:
            positions[name] = index
    for column in columns:
        if column.required and column.key not in positions:
            errors.append(RowError(1, column.key, "colonne obligatoire absente."))
    return positions, errors


def row_cells(cells: tuple[Any, ...], positions: dict[str, int]) -> dict[str, Any]:
    """The cells of one row by column name (None for a cell missing at the end of the row)."""
    return {name: cells[i] if i < len(cells) else None for name, i in positions.items()}


def _text(
    cells: dict[str, Any], name: str, limit: int, errors: list[tuple[str, str]], *, needed: bool
) -> str:
    """The text of a cell, with an error when it is required and empty or too long."""
    text = cell_text(cells.get(name))
    if needed and not text:
        errors.append((name, "valeur obligatoire manquante."))
    elif len(text) > limit:
        errors.append((name, f"{len(text)} caractères, {limit} au plus."))
    return text


def candidate_fields(cells: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The arguments of ``services.candidate_register`` read from one row (without session,
    académie and establishment, which need the database: ``uai`` is returned as text), and the
    errors as (column, message)."""
    errors: list[tuple[str, str]] = []
    number = _text(cells, "numero", 16, errors, needed=True)
    if number and re.search(r"\s", number):
        errors.append(("numero", f"« {number} » : un numéro ne contient pas d'espace."))
    fields: dict[str, Any] = {
        "number": number,
        "last_name": _text(cells, "nom", 128, errors, needed=True),
        "first_name": _text(cells, "prenom", 128, errors, needed=True),
        "lv1": _text(cells, "lv1", 32, errors, needed=True).lower(),
        "ef1_language": _text(cells, "ef1_langue", 32, errors, needed=False).lower(),
        "arrangements": _text(cells, "amenagements", 255, errors, needed=False),
        "uai": cell_text(cells.get("uai")).upper(),
    }
    readers: list[tuple[str, str, Any]] = [
        ("date_naissance", "birth_date", parse_date),
        ("voie", "route", parse_route),
        ("ef2", "ef2", parse_bool),
        ("forme", "assessment_form", parse_form),
        ("dispenses", "exemption_requests", parse_units),
        ("unites_vae", "vae_units", parse_units),
        ("tiers_temps", "extra_time", parse_bool),
        ("statut_stage", "internship_status", parse_distance_status),
        ("situation_fc", "continuing_situation", parse_continuing_situation),
    ]
    for column, name, reader in readers:
        value = cells.get(column)
        if column in ("date_naissance", "voie") and not cell_text(value):
            errors.append((column, "valeur obligatoire manquante."))
            continue
        try:
            fields[name] = reader(value)
        except ValueError as error:
            errors.append((column, str(error)))
    birth = fields.get("birth_date")
    if birth is not None and not dt.date(1900, 1, 1) <= birth <= dt.date.today():
        errors.append(("date_naissance", f"date {birth:%d/%m/%Y} impossible."))
    route = fields.get("route")
    if route is not None and route is not Route.PROFESSIONAL_EXPERIENCE and not fields["uai"]:
        errors.append(
            (
                "uai",
                "code UAI obligatoire pour cette voie (seule la voie "
                "experience_professionnelle peut s'en passer).",
            )
        )
    errors += _situation_errors(route, fields)
    if fields["ef1_language"] and fields["ef1_language"] == fields["lv1"]:
        errors.append(("ef1_langue", "la langue de l'EF1 doit être différente de la LV1."))
    return fields, errors


def _situation_errors(route: Route | None, fields: dict[str, Any]) -> list[tuple[str, str]]:
    """The internship status is required for a distance learner and only for him or her; the
    continuing-education situation only for a continuing-education candidate."""
    errors: list[tuple[str, str]] = []
    status = fields.get("internship_status", "")
    if route is Route.DISTANCE_LEARNING and "internship_status" in fields and not status:
        errors.append(
            (
                "statut_stage",
                f"obligatoire pour la voie {Route.DISTANCE_LEARNING.value} : scolaire, apprenti "
                "ou formation_continue (le statut sous lequel le candidat fait son stage).",
            )
        )
    elif route is not None and route is not Route.DISTANCE_LEARNING and status:
        errors.append(
            (
                "statut_stage",
                f"seulement pour la voie {Route.DISTANCE_LEARNING.value} (laissez vide).",
            )
        )
    situation = fields.get("continuing_situation", "")
    if route is not None and route is not Route.CONTINUING_EDUCATION and situation:
        errors.append(
            (
                "situation_fc",
                f"seulement pour la voie {Route.CONTINUING_EDUCATION.value} (laissez vide).",
            )
        )
    return errors


@dataclass(frozen=True)
class GradeRow:
    """One row of a grades file as read, before the database is asked."""

    number: str
    exam: str
    text: str


def grade_fields(cells: dict[str, Any]) -> tuple[GradeRow, list[tuple[str, str]]]:
    """The candidate number, épreuve and typed grade of one row, with the errors that need no
    database (unknown épreuve, empty cells)."""
    errors: list[tuple[str, str]] = []
    number = cell_text(cells.get("numero"))
    exam = cell_text(cells.get("epreuve")).upper().replace(" ", "")
    text = cell_text(cells.get("note"))
    if not number:
        errors.append(("numero", "valeur obligatoire manquante."))
    if not exam:
        errors.append(("epreuve", "valeur obligatoire manquante."))
    elif exam not in catalogue().entry_codes:
        errors.append(
            (
                "epreuve",
                f"épreuve « {exam} » inconnue (épreuves : {', '.join(catalogue().entry_codes)}).",
            )
        )
    if not text:
        errors.append(("note", "note manquante (une note ou un état : ABS, FM, NV…)."))
    return GradeRow(number, exam, text), errors


def grade_write(text: str, exam: str, *, ccf: bool) -> GradeWrite:
    """The grade typed in a cell, as the grade entry page reads it (``parse_entry``)."""
    try:
        write = parse_entry(text, exam, ccf=ccf)
    except InvalidCandidate as error:
        raise ValueError(str(error)) from None
    if write is None:
        raise ValueError("note manquante.")
    return write
