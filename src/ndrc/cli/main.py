"""``ndrc``: the product's console command.

Subcommands that need the database delegate to the Django site (``ndrc web …`` runs any
Django management command, for instance ``ndrc web migrate`` or ``ndrc web load_demo``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ndrc import __version__
from ndrc.rules.catalogue import catalogue


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ndrc",
        description="Gestion des examens du BTS NDRC / BTS NDRC exam management.",
    )
    parser.add_argument("--version", action="version", version=f"ndrc {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE")
    plan = commands.add_parser(
        "plan",
        help="Plan d'épreuves d'un candidat pour une session (fichier JSON, voir "
        "docs/schemas/candidate.schema.json).",
        description="Affiche le plan d'épreuves. Code de sortie : 0 plan sans erreur, "
        "1 erreurs d'inscription, 2 fichier illisible ou non conforme.",
    )
    plan.add_argument("file", type=Path, metavar="FICHIER.json")
    plan.add_argument("--json", action="store_true", help="Sortie JSON au lieu du tableau.")
    referential = commands.add_parser("referentiel", help="Le référentiel complet du diplôme.")
    referential.add_argument(
        "--format", choices=("md", "json", "csv"), default="md", help="Format de sortie."
    )
    deliberate = commands.add_parser(
        "deliberate",
        help="Décision du jury pour un ou plusieurs candidats (JSON, CSV ou XLSX).",
        description="Affiche la décision de chaque candidat et un bilan (décisions, taux de "
        "réussite). Formats : docs/results-format.md.",
    )
    deliberate.add_argument("file", type=Path, metavar="FICHIER")
    output = deliberate.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_const", dest="output", const="json")
    output.add_argument("--csv", action="store_const", dest="output", const="csv")
    explain = commands.add_parser(
        "explain", help="Explication en français de la décision d'un candidat."
    )
    explain.add_argument("file", type=Path, metavar="FICHIER")
    explain.add_argument("--candidate", required=True, metavar="ID")
    explain.add_argument("--json", action="store_true")
    conformity = commands.add_parser(
        "conformity",
        help=f"Conformité des dossiers {', '.join(catalogue().dossier_exams)} : liste de contrôle "
        "et liste de la commission.",
        description="Format : docs/conformity-format.md.",
    )
    conformity.add_argument("file", type=Path, metavar="FICHIER.json")
    conformity.add_argument("--json", action="store_true")
    conformity.add_argument("--list-csv", type=Path, metavar="SORTIE.csv")
    conformity.add_argument("--list-xlsx", type=Path, metavar="SORTIE.xlsx")
    conformity.add_argument(
        "--as-of", metavar="AAAA-MM-JJ", help="Date du jour (défaut : aujourd'hui)."
    )
    web = commands.add_parser(
        "web",
        help="Commandes du site (Django) : migrate, load_demo, runserver, createsuperuser…",
        add_help=False,
    )
    web.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command == "plan":
        from ndrc.cli import plan

        return plan.run(args.file, args.json)
    if args.command == "referentiel":
        from ndrc.cli import referential

        return referential.run(args.format)
    if args.command == "deliberate":
        from ndrc.cli import deliberate

        return deliberate.run_deliberate(args.file, args.output or "text")
    if args.command == "explain":
        from ndrc.cli import deliberate

        return deliberate.run_explain(args.file, args.candidate, args.json)
    if args.command == "conformity":
        from ndrc.cli import conformity

        return conformity.run(args.file, args.json, args.list_csv, args.list_xlsx, args.as_of)
    if args.command == "web":
        from ndrc.web.manage import run

        run(args.args or ["help"])
        return 0
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
