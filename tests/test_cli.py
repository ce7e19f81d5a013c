import subprocess
import sys
from pathlib import Path

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
        '{"session": 2023, "route": "experience_professionnelle", "lv1": "anglais", "ef2": true}'
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
