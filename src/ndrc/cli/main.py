"""``ndrc``: the product's console command.

Subcommands that need the database delegate to the Django site (``ndrc web …`` runs any
Django management command, for instance ``ndrc web migrate`` or ``ndrc web load_demo``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ndrc import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ndrc",
        description="Gestion des examens du BTS NDRC / BTS NDRC exam management.",
    )
    parser.add_argument("--version", action="version", version=f"ndrc {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE")
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
    if args.command == "web":
        from ndrc.web.manage import run

        run(args.args or ["help"])
        return 0
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
