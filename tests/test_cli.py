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
