"""English is complete: every French string of the interface has its translation compiled."""

import gettext
from pathlib import Path

import ndrc.web

LOCALE = Path(ndrc.web.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def _po_msgids() -> int:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = [block for block in text.split("\n\n") if "\nmsgid " in f"\n{block}"]
    untranslated = [
        b for b in entries if b.rstrip().endswith('msgstr ""') and 'msgid ""\n"' not in b
    ]
    assert not untranslated[1:], untranslated[1:3]  # the first entry is the header
    return len(entries) - 1


def test_every_interface_string_has_a_compiled_english_translation():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    compiled = len([k for k in catalog._catalog if k])
    assert compiled == _po_msgids(), "recompile: make messages"
    assert catalog.gettext("Règlement d'examen") == "Exam regulation"
