"""The kinds of document the site issues: each document module declares its kind (its code in
the references, its name, its renderer, who receives it) with ``kind_register``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ndrc.exports import Export


@dataclass(frozen=True)
class IssueInfo:
    """What a renderer prints of the issuance: the reference, the version, the date of
    issue and, for a corrected document, the one it replaces and why."""

    reference: str
    version: int
    issued_on: dt.date
    replaces: str = ""
    replaces_on: dt.date | None = None
    reason: str = ""

    @property
    def replacement_text(self) -> str:
        """« Annule et remplace … » for a corrected document, empty otherwise."""
        if not self.replaces:
            return ""
        when = "" if self.replaces_on is None else f" du {self.replaces_on:%d/%m/%Y}"
        why = f" — motif : {self.reason}" if self.reason else ""
        return f"Ce document annule et remplace le document réf. {self.replaces}{when}{why}."


# A renderer: the document's data and its issuance → (filename, mimetype, bytes).
Renderer = Callable[[Any, IssueInfo], Export]


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: ``code`` in its references (« RN-2025-… »), ``slug`` in its file
    names and URLs, ``label`` as people name it, its ``render``er, and who receives it once
    issued: the candidate it is about (``to_candidate``), the candidate's training centre
    (``to_centre``), the examiner it is addressed to (``to_examiner``: its subject is
    ``examiner_subject(pk)``); the exam office receives every document of its académie."""

    code: str
    slug: str
    label: str
    render: Renderer
    to_candidate: bool = False
    to_centre: bool = False
    to_examiner: bool = False


def examiner_subject(examiner_id: int) -> str:
    """The subject of a document addressed to an examiner (``scheduling.Examiner``)."""
    return f"examiner:{examiner_id}"


KINDS: dict[str, DocumentKind] = {}


def kind_register(kind: DocumentKind) -> DocumentKind:
    """Declare a kind (a document module calls it once, at import)."""
    known = KINDS.get(kind.slug)
    if known is not None and known != kind:
        raise ValueError(f"Deux documents portent le nom {kind.slug!r}.")
    KINDS[kind.slug] = kind
    return kind


def kind_named(slug: str) -> DocumentKind:
    """The kind of this slug (``KeyError`` for an unknown one: a URL answers 404)."""
    return KINDS[slug]


_PAGE = re.compile(rb"/Type /Page[^s]")


def pdf_pages(content: bytes) -> int:
    """The number of pages of a PDF written by ReportLab (its page objects, counted)."""
    return len(_PAGE.findall(content)) or 1


# Issuing a kind's documents for many people, as its domain app does it (the keys of the
# people and the actor → the documents issued; a person who has none to receive, such as no
# relevé before publication, is left out). The people are candidates, or the examiners
# (``scheduling.Examiner``) for a kind ``to_examiner``. Registered by the domain app
# (``issuer_register`` in its AppConfig.ready), used by the jobs that issue a jury's, a
# centre's or a session's.
CandidateIssuer = Callable[[Sequence[int], Any], list[Any]]
ISSUERS: dict[str, CandidateIssuer] = {}


def issuer_register(slug: str, issuer: CandidateIssuer) -> None:
    """Declare how a kind's documents are issued for many candidates."""
    ISSUERS[slug] = issuer
