"""Every CLI command has help text and is documented in the README (as in sqlite-utils)."""

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from digest.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_and_is_in_readme(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help) > 20
    assert f"digest {name}" in README
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.name} has no help"


def test_readme_test_command_matches_ci() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    command = "pip install -q -e '.[test]' && python -m pytest -q"
    assert command in README and command in ci


def test_the_systemd_unit_runs_a_digest_command_that_exists() -> None:
    import shlex

    unit_file = Path(__file__).resolve().parents[1] / "deploy" / "digest-watch.service"
    unit = unit_file.read_text(encoding="utf-8")
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    program, *arguments = shlex.split(exec_start.removeprefix("ExecStart="))
    assert program.endswith("/digest") and arguments[0] == "watch"
    # every option it passes is one `digest watch` takes (a typo would stop the service)
    watch = cli.commands["watch"]
    known = {name for param in watch.params for name in getattr(param, "opts", [])}
    assert {a for a in arguments if a.startswith("--")} <= known
    result = CliRunner().invoke(cli, ["watch", *arguments[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert "[Install]" in unit and "KillSignal=SIGTERM" in unit
