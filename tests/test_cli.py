import subprocess
import sys
from pathlib import Path

import pytest

from ndrc import __version__
from ndrc.cli.main import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert __version__ in capsys.readouterr().out


def test_the_console_command_is_installed_and_reaches_the_site():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ndrc"), "web", "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _ndrc(*args):
    return subprocess.run(
        [str(Path(sys.executable).parent / "ndrc"), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_plan_prints_a_french_table():
    result = _ndrc("plan", str(EXAMPLES / "candidate_school_2025.json"))
    assert result.returncode == 0, result.stderr
    assert "Colonne 1 du règlement" in result.stdout
    assert "E4 Relation client et négociation-vente" in result.stdout
    assert "CCF, 2 situations d'évaluation" in result.stdout


def test_plan_json_gives_every_value_with_its_citation():
    import json

    result = _ndrc("plan", str(EXAMPLES / "candidate_experience_2023.json"), "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["regulation"]["id"] == "R2018"
    exams = {e["code"]: e for e in plan["exams"]}
    assert exams["E4"]["status"] == "carried_over"
    assert exams["E1"]["status"] == "exempted"
    assert exams["E6"]["duration_minutes"] == 40
    assert all(e["citations"] for e in plan["exams"])


def test_plan_with_registration_errors_exits_1(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(
        '{"session": 2021, "route": "experience_professionnelle", "lv1": "anglais", "ef2": true}'
    )
    result = _ndrc("plan", str(path))
    assert result.returncode == 1
    assert "EF2" in result.stdout


def test_plan_rejects_a_file_outside_the_schema(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"session": 2025, "route": "bus"}')
    result = _ndrc("plan", str(path))
    assert result.returncode == 2
    assert "route" in result.stderr
    path.write_text("not json")
    assert _ndrc("plan", str(path)).returncode == 2


def test_referential_exports():
    import csv
    import io
    import json

    as_json = json.loads(_ndrc("referentiel", "--format", "json").stdout)
    assert [b["unit"] for b in as_json["competence_blocks"]] == ["U4", "U5", "U6"]
    rows = list(csv.DictReader(io.StringIO(_ndrc("referentiel", "--format", "csv").stdout)))
    assert sum(r["kind"] == "performance_criterion" for r in rows) == 48
    assert "# Référentiel du BTS NDRC" in _ndrc("referentiel").stdout


def test_deliberate_prints_each_decision_and_a_summary():
    result = _ndrc("deliberate", str(EXAMPLES / "results_2025.json"))
    assert result.returncode == 0, result.stderr
    assert "Admis après épreuves de contrôle" in result.stdout
    assert "E4 : NV (dossier non valide)" in result.stdout
    assert "Taux de réussite : 50,0 %" in result.stdout  # 2 admitted of 4 final decisions


def test_deliberate_json_and_csv():
    import csv
    import io
    import json

    payload = json.loads(_ndrc("deliberate", str(EXAMPLES / "results_2025.json"), "--json").stdout)
    assert payload["summary"]["candidates"] == 6
    assert payload["summary"]["by_decision"]["resit_eligible"] == 1
    first = payload["results"][0]
    assert first["decision"] == "admitted" and first["explanation"]
    rows = list(
        csv.DictReader(
            io.StringIO(_ndrc("deliberate", str(EXAMPLES / "results_2025.csv"), "--csv").stdout)
        )
    )
    assert [r["decision"] for r in rows] == [
        "admitted",
        "admitted",
        "not_deliverable",
        "admitted",
        "admitted",
    ]


def test_deliberate_reads_xlsx(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "session", "route", "lv1", "E1", "E2", "E3", "E4", "E5W", "E5P", "E6"])
    sheet.append(["X1", 2025, "experience_professionnelle", "anglais", 12, 12, 12, 12, 12, 12, 12])
    sheet.append(
        ["X2", 2025, "experience_professionnelle", "anglais", "ABS", 12, 12, 12, 12, 12, 12]
    )
    path = tmp_path / "notes.xlsx"
    book.save(path)
    result = _ndrc("deliberate", str(path), "--csv")
    assert result.returncode == 0, result.stderr
    assert "X1,,2025,admitted" in result.stdout
    assert "X2,,2025,not_deliverable" in result.stdout


def test_deliberate_refuses_bad_files_with_a_french_message(tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("id;session;route;E1\nA;2025;scolaire;é\n".encode("latin-1"))
    result = _ndrc("deliberate", str(latin))
    assert result.returncode == 2 and "UTF-8" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("id,session,route,lv1,E1\nA,2025,experience_professionnelle,anglais,25\n")
    result = _ndrc("deliberate", str(bad))
    assert result.returncode == 2 and "entre 0 et 20" in result.stderr
    unknown = tmp_path / "notes.pdf"
    unknown.write_text("x")
    assert _ndrc("deliberate", str(unknown)).returncode == 2


RESULTS_EXAMS = ["E1", "E2", "E3", "E4", "E5W", "E5P", "E6"]
RESULTS_HEADER = ["id", "name", "session", "route", "lv1", *RESULTS_EXAMS]


@pytest.mark.parametrize(
    ("encoding", "separator", "name"),
    [
        ("latin-1", ";", "Zoé Müller"),
        ("cp1252", "\t", "Zoé N’Diaye"),
        ("utf-8-sig", ",", "Zoé N’Diaye"),
        ("utf-8", ";", "Zoé N’Diaye"),
    ],
)
def test_deliberate_reads_csv_as_the_web_import_does(tmp_path, encoding, separator, name):
    rows = [
        RESULTS_HEADER,
        ["X1", "Inès Lefèvre", "2025", "experience_professionnelle", "anglais", *["12"] * 7],
        [""] * len(RESULTS_HEADER),
        ["X2", name, "2025", "experience_professionnelle", "anglais", "ABS", *["12"] * 6],
    ]
    path = tmp_path / "notes.csv"
    path.write_bytes("\r\n".join(separator.join(r) for r in rows).encode(encoding))
    result = _ndrc("deliberate", str(path), "--csv")
    assert result.returncode == 0, result.stderr
    assert "X1,Inès Lefèvre,2025,admitted" in result.stdout
    assert f"X2,{name},2025,not_deliverable" in result.stdout


def test_deliberate_names_the_encoding_it_guessed_and_the_line_of_an_error(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_bytes("id;session;route;E1\n\nA;2025;scolaire;é\n".encode("latin-1"))
    result = _ndrc("deliberate", str(path))
    assert result.returncode == 2
    assert "ligne 3 E1 : « é » n'est pas une note." in result.stderr
    assert "lu en CSV, encodage ISO-8859-1 (latin-1)" in result.stderr
    path.write_bytes(b"")
    assert "notes.csv : Le fichier est vide." in _ndrc("deliberate", str(path)).stderr


def test_explain_prints_the_french_explanation():
    result = _ndrc("explain", str(EXAMPLES / "results_2025.json"), "--candidate", "25NDRC00006")
    assert result.returncode == 0, result.stderr
    assert "Admis après épreuves de contrôle" in result.stdout
    assert "Président du jury" in result.stdout
    assert "Moyenne générale = (" in result.stdout
    missing = _ndrc("explain", str(EXAMPLES / "results_2025.json"), "--candidate", "NOPE")
    assert missing.returncode == 2


def test_conformity_prints_checklists_and_writes_the_commission_list(tmp_path):
    from openpyxl import load_workbook

    csv_path, xlsx_path = tmp_path / "liste.csv", tmp_path / "liste.xlsx"
    result = _ndrc(
        "conformity",
        str(EXAMPLES / "conformity_2025.json"),
        "--as-of",
        "2025-04-01",
        "--list-csv",
        str(csv_path),
        "--list-xlsx",
        str(xlsx_path),
    )
    assert result.returncode == 0, result.stderr
    assert "Commission de conformité : 7 dossier(s), 2 NV" in result.stdout
    assert "[manquant] E4 : Dépôt du dossier" in result.stdout
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "25NDRC00002;Hugo Bernard;2025;E4;nv;" in text
    sheet = load_workbook(xlsx_path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "N° candidat" and len(rows) == 8
    assert [r[4] for r in rows[1:]].count("nv") == 2


def test_conformity_refuses_a_bad_date(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"session": 2025, "route": "scolaire", "deposit_deadline": "14/03/2025"}')
    result = _ndrc("conformity", str(path))
    assert result.returncode == 2 and "AAAA-MM-JJ" in result.stderr
