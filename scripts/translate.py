"""Fill English translations in the gettext catalogue from a JSON dict {msgid: msgstr}.

Usage: python scripts/translate.py TRANSLATIONS.json

A value is a string for a single entry, or a list of strings (msgstr[0], msgstr[1]) for a
plural entry, keyed by its singular msgid. Removes the fuzzy flag (and the previous msgid) of
the entries it fills; reports the entries still untranslated or fuzzy and exits 1 if any.
Refuses (exit 2, catalogue untouched) a value of the wrong shape or whose python-format
placeholders differ from the msgid's.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "src/ndrc/web/locale/en/LC_MESSAGES/django.po"
NPLURALS = 2
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]")


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line[line.index('"') :]) for line in lines)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _fields(lines: list[str]) -> tuple[int, dict[str, str]]:
    """Index of the first keyword line, and each keyword's (msgid, msgid_plural, msgstr,
    msgstr[n]) unquoted text; continuation lines start with a quote."""
    start = next((n for n, line in enumerate(lines) if line.startswith("msg")), len(lines))
    fields: dict[str, list[str]] = {}
    key = ""
    for line in lines[start:]:
        if line.startswith("msg"):
            key = line.split(" ", 1)[0]
            fields[key] = [line]
        elif line.startswith('"') and key:
            fields[key].append(line)
    return start, {key: _unquote(value) for key, value in fields.items()}


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _problem(msgid: str, value: object, plural: bool, python_format: bool) -> str:
    """Why ``value`` cannot fill the entry, or ""."""
    if plural:
        if not (
            isinstance(value, list)
            and len(value) == NPLURALS
            and all(isinstance(v, str) and v for v in value)
        ):
            return f"plural entry needs a list of {NPLURALS} non-empty strings"
        texts = value
    else:
        if not (isinstance(value, str) and value):
            return "single entry needs a non-empty string"
        texts = [value]
    if python_format:
        expected = _placeholders(msgid)
        for text in texts:
            if _placeholders(text) != expected:
                return f"placeholders {sorted(_placeholders(text))} instead of {sorted(expected)}"
    return ""


def _filled(lines: list[str], start: int, value: str | list[str], plural: bool) -> str:
    head = [line for line in lines[:start] if not line.startswith("#|")]
    kept = []
    for line in head:
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() not in ("", "fuzzy")]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        kept.append(line)
    ids = []
    for line in lines[start:]:
        if line.startswith("msgstr"):
            break
        ids.append(line)
    if plural:
        strs = [f"msgstr[{n}] {_quote(text)}" for n, text in enumerate(value)]
    else:
        strs = [f"msgstr {_quote(value)}"]
    return "\n".join([*kept, *ids, *strs])


def main(path: str) -> int:
    wanted: dict[str, str | list[str]] = json.loads(Path(path).read_text(encoding="utf-8"))
    blocks = CATALOGUE.read_text(encoding="utf-8").split("\n\n")
    missing: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        lines = block.splitlines()
        if any(line.startswith("#~") for line in lines):
            continue  # obsolete entry
        start, fields = _fields(lines)
        msgid = fields.get("msgid", "")
        if not msgid:
            continue  # header, or not an entry
        plural = "msgid_plural" in fields
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        flags = {f.strip() for line in lines if line.startswith("#,") for f in line[2:].split(",")}
        if msgid in wanted:
            seen.add(msgid)
            problem = _problem(msgid, wanted[msgid], plural, "python-format" in flags)
            if problem:
                problems.append(f"{problem}: {msgid}")
            else:
                tail = block[len(block.rstrip("\n")) :]  # the file's final newline
                blocks[i] = _filled(lines, start, wanted[msgid], plural) + tail
                continue
        if not strs or not all(strs) or "fuzzy" in flags:
            missing.append(msgid)
    for msgid in wanted.keys() - seen:
        print("not in the catalogue:", msgid, file=sys.stderr)
    if problems:
        for problem in problems:
            print("refused:", problem, file=sys.stderr)
        return 2
    CATALOGUE.write_text("\n\n".join(blocks), encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
