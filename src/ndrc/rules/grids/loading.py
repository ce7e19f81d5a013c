"""A national circular's grid for a session, read from YAML or CSV and checked (DEC D111).

YAML: ``exam``, ``form`` (``one_off`` or ``ccf``), ``situation`` (``A``, ``B`` or empty),
``title``, ``communicable`` (true for the fiche d'évaluation communicable on appeal),
``cite`` (a citation of a known text, e.g. ``C2022 annexe VIII-3``), ``levels`` (a list of
``{code, label}``; the default scale when absent), ``not_assessed`` (``{code, label}``),
``sections`` (each ``{code, title, note, criteria}``, a criterion ``{code, text}`` or its text
alone) and ``penalty_limits`` (composition defect code → points at most). Codes are letters,
digits, points and dashes (32 at most).

CSV (comma or semicolon): one row per criterion, columns ``section``, ``section_title``,
``criterion`` (code, optional) and ``text``; the épreuve, form, situation and citation are
given with the file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from ndrc.rules.catalogue import catalogue
from ndrc.rules.citation import cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import RegulationDataError
from ndrc.rules.grids.templates import Criterion, Grid, Level, Section, scale
from ndrc.rules.regulation import Form

MAX_CRITERIA = 200
MAX_TEXT = 500


class InvalidGrid(ValueError):
    """A grid file that cannot be read, said in French."""


def _text(value: Any, what: str, limit: int = MAX_TEXT) -> str:
    text = str(value if value is not None else "").strip()
    if not text:
        raise InvalidGrid(f"{what} : valeur manquante.")
    if len(text) > limit:
        raise InvalidGrid(f"{what} : texte trop long ({len(text)} caractères, {limit} au plus).")
    return text


def _defect_codes(exam: str) -> set[str]:
    spec = (load_yaml("dossiers.yaml").get("exams") or {}).get(exam) or {}
    return set((spec.get("defects") or {}).keys())


CODE = re.compile(r"[A-Za-z0-9._-]{1,32}")


def _check(grid: Grid) -> Grid:
    if not grid.sections or not grid.criteria:
        raise InvalidGrid("La grille ne contient aucun critère.")
    codes_used = [
        *(s.code for s in grid.sections),
        *(c.code for c in grid.criteria),
        *grid.level_codes,
    ]
    bad = sorted({code for code in codes_used if not CODE.fullmatch(code)})
    if bad:
        raise InvalidGrid(
            "Codes invalides (lettres, chiffres, point, tiret, 32 caractères au plus) : "
            + ", ".join(f"« {code[:40]} »" for code in bad[:5])
            + "."
        )
    if len(grid.criteria) > MAX_CRITERIA:
        raise InvalidGrid(f"La grille contient plus de {MAX_CRITERIA} critères.")
    codes = [c.code for c in grid.criteria]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise InvalidGrid(f"Codes de critère en double : {', '.join(twice)}.")
    sections = [s.code for s in grid.sections]
    if len(sections) != len(set(sections)):
        raise InvalidGrid("Deux sections portent le même code.")
    levels = grid.level_codes
    if len(levels) != len(set(levels)) or len(grid.levels) < 2:
        raise InvalidGrid("L'échelle doit compter au moins deux niveaux de codes distincts.")
    known = _defect_codes(grid.exam)
    unknown = sorted(set(grid.penalty_limits) - known)
    if unknown:
        raise InvalidGrid(
            f"Insuffisances inconnues pour {grid.exam} : {', '.join(unknown)} "
            f"(connues : {', '.join(sorted(known)) or 'aucune'})."
        )
    return grid


def _head(exam: str, form: str, situation: str, citation: str, regulated: dict[Any, Grid]) -> Grid:
    """The default grid the loaded one replaces (its épreuve, form and situation must have
    one), with the loaded citation."""
    try:
        form_value = Form(form)
    except ValueError:
        raise InvalidGrid(f"Forme inconnue : « {form} » (one_off ou ccf).") from None
    base = regulated.get((exam, form_value.value, situation))
    if base is None:
        raise InvalidGrid(
            f"L'épreuve {exam} n'est pas évaluée sur grille en forme « {form_value.label_fr} »"
            + (f", situation {situation}" if situation else "")
            + " pour cette session."
        )
    try:
        citation_value = cite(citation)
    except RegulationDataError as error:
        raise InvalidGrid(f"Citation : {error}") from None
    return replace(base, citation=citation_value, source="circular")


def grid_from_yaml(text: str, *, regulated: dict[Any, Grid]) -> Grid:
    """The grid a YAML file describes; ``regulated`` is the session's default grids (the
    loaded grid must replace one of them)."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InvalidGrid(f"Fichier YAML illisible : {error}") from None
    if not isinstance(raw, dict):
        raise InvalidGrid("Le fichier doit décrire une grille (exam, form, sections…).")
    base = _head(
        _text(raw.get("exam"), "Épreuve", 8),
        _text(raw.get("form"), "Forme", 8),
        str(raw.get("situation") or "").strip(),
        _text(raw.get("cite"), "Citation"),
        regulated,
    )
    levels, not_assessed, _c = scale()
    if raw.get("levels") is not None:
        if not isinstance(raw["levels"], list):
            raise InvalidGrid("« levels » doit être une liste de niveaux {code, label}.")
        levels = tuple(_level(v) for v in raw["levels"])
    if raw.get("not_assessed") is not None:
        not_assessed = _level(raw["not_assessed"])
    sections_raw = raw.get("sections")
    if not isinstance(sections_raw, list):
        raise InvalidGrid("« sections » doit être une liste.")
    sections = []
    for n, entry in enumerate(sections_raw, start=1):
        if not isinstance(entry, dict):
            raise InvalidGrid(f"Section {n} : une section a un code, un titre et des critères.")
        code = str(entry.get("code") or f"S{n}").strip()
        criteria_raw = entry.get("criteria")
        if not isinstance(criteria_raw, list):
            raise InvalidGrid(f"Section {code} : « criteria » doit être une liste.")
        criteria = []
        for m, item in enumerate(criteria_raw, start=1):
            if isinstance(item, dict):
                criteria.append(
                    Criterion(
                        str(item.get("code") or f"{code}.{m}").strip(),
                        _text(item.get("text"), f"Critère {code}.{m}"),
                    )
                )
            else:
                criteria.append(Criterion(f"{code}.{m}", _text(item, f"Critère {code}.{m}")))
        sections.append(
            Section(
                code,
                _text(entry.get("title"), f"Titre de la section {code}"),
                tuple(criteria),
                str(entry.get("note") or ""),
            )
        )
    limits: dict[str, Decimal] = {}
    for defect, points in (raw.get("penalty_limits") or {}).items():
        try:
            value = Decimal(str(points).replace(",", "."))
        except InvalidOperation:
            raise InvalidGrid(
                f"Pénalité « {defect} » : « {points} » n'est pas un nombre."
            ) from None
        top = catalogue().max_grade
        if not value.is_finite() or value < 0 or value > top:
            raise InvalidGrid(f"Pénalité « {defect} » : entre 0 et {top} points.")
        limits[str(defect)] = value
    title = str(raw.get("title") or base.title).strip()[:MAX_TEXT]
    return _check(
        replace(
            base,
            title=title,
            # The circular distinguishes its evaluation-aid grid from the fiche d'évaluation,
            # the only document communicable on appeal (C2022 §1.14): a loaded grid is
            # communicable only when its file says so.
            communicable=raw.get("communicable") is True,
            sections=tuple(sections),
            levels=levels,
            not_assessed=not_assessed,
            penalty_limits=limits,
        )
    )


def _level(raw: Any) -> Level:
    if not isinstance(raw, dict):
        raise InvalidGrid("Un niveau s'écrit {code, label}.")
    return Level(_text(raw.get("code"), "Code de niveau", 8), _text(raw.get("label"), "Niveau"))


def grid_from_csv(
    text: str,
    *,
    exam: str,
    form: str,
    situation: str,
    citation: str,
    regulated: dict[Any, Grid],
) -> Grid:
    """The grid a CSV file describes (one row per criterion), for the épreuve, form and
    situation given with it."""
    base = _head(exam, form, situation, citation, regulated)
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    wanted = {"section", "section_title", "text"}
    header = {h.strip().lower() for h in (reader.fieldnames or []) if h}
    if not wanted <= header:
        raise InvalidGrid(
            "Colonnes attendues : section, section_title, criterion (facultative), text."
        )
    order: list[str] = []
    titles: dict[str, str] = {}
    rows: dict[str, list[Criterion]] = {}
    for line, row in enumerate(reader, start=2):
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(clean.values()):
            continue
        section = _text(clean.get("section"), f"Ligne {line}, section", 32)
        if section not in rows:
            order.append(section)
            rows[section] = []
            titles[section] = _text(clean.get("section_title"), f"Ligne {line}, titre")
        code = clean.get("criterion") or f"{section}.{len(rows[section]) + 1}"
        rows[section].append(Criterion(code, _text(clean.get("text"), f"Ligne {line}, critère")))
    sections = tuple(Section(code, titles[code], tuple(rows[code])) for code in order)
    return _check(replace(base, sections=sections, communicable=False))
