"""The README documents every command and every option, and nothing that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sharesite.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


def section(name: str) -> str:
    """The README's section for `sharesite NAME`, up to the next heading."""
    match = re.search(rf"^### `sharesite {name}\b.*?$(.*?)(?=^#)", README, re.M | re.S)
    assert match, f"README has no section headed ### `sharesite {name} …`"
    return match.group(0)


def test_readme_starts_with_the_two_setup_commands() -> None:
    top = README[:600]
    assert "pip install -e . && sharesite serve" in top
    assert "pip install -e '.[test]' && pytest" in top


def test_every_readme_command_section_is_a_real_command() -> None:
    documented = set(re.findall(r"^### `sharesite ([\w-]+)", README, re.M))
    assert documented == set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"], prog_name="sharesite")
    assert result.exit_code == 0, result.output
    assert f"Usage: sharesite {name} [OPTIONS]" in result.output
    command = main.commands[name]
    assert command.help and len(command.help.split()) >= 5, "a one-word help is not help"


def subcommands(command: click.Command) -> list[click.Command]:
    """The command itself, and for a group (`sharesite network`) each command in it."""
    if isinstance(command, click.Group):
        return [command, *(command.commands[n] for n in sorted(command.commands))]
    return [command]


def test_subcommands_have_help() -> None:
    for name in COMMANDS:
        group = main.commands[name]
        for sub in subcommands(group)[1:]:
            result = CliRunner().invoke(main, [name, str(sub.name), "--help"],
                                        prog_name="sharesite")
            assert result.exit_code == 0, result.output
            assert f"Usage: sharesite {name} {sub.name} [OPTIONS]" in result.output
            assert sub.help and len(sub.help.split()) >= 5
            assert f"### `sharesite {name} {sub.name}" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name: str) -> None:
    text = section(name)
    params = [p for command in subcommands(main.commands[name]) for p in command.params]
    for param in params:
        if not isinstance(param, click.Option):
            continue
        for flag in [*param.opts, *param.secondary_opts]:
            if flag.startswith("--"):
                assert f"`{flag}" in text or f" {flag}" in text, (
                    f"README's section on `sharesite {name}` does not mention {flag}")


def test_version() -> None:
    from sharesite import __version__

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
