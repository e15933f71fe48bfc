"""The README's two set-up commands: CI runs the test command as written."""

from __future__ import annotations

import re

from tests.conftest import REPO


def set_up_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.DOTALL)


def test_readme_has_exactly_an_install_and_a_test_command() -> None:
    commands = set_up_commands()
    assert len(commands) == 2
    install, test = commands
    assert "dateline" in install.rsplit("&&", 1)[-1]
    assert "pytest" in test


def test_readme_install_is_compiled_not_editable() -> None:
    """A regular install, which pip compiles to bytecode: the writer's first start is not
    the slow one (an editable install compiles nothing, and nothing is written under
    PYTHONDONTWRITEBYTECODE)."""
    install = set_up_commands()[0]
    pip = next(step for step in install.split("&&") if "pip install" in step).split()
    assert "-e" not in pip and "--editable" not in pip and "--no-compile" not in pip
    assert pip[-1] == "."


def test_ci_runs_the_readme_test_command() -> None:
    test = set_up_commands()[1]
    assert test in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_screenshot_exists() -> None:
    assert (REPO / "docs" / "screenshot.png").stat().st_size > 10_000


def test_ci_runs_lint_and_types_before_the_tests() -> None:
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    tests_at = run.index("pytest")
    assert run.index("ruff check editor tests benchmarks") < tests_at
    assert run.index("mypy editor") < tests_at
    assert "'.[test,dev]'" in run  # the stubs mypy needs come with the dev extra
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    dev = next(line for line in pyproject.splitlines() if line.startswith("dev = "))
    assert "types-PyYAML" in dev and "types-Markdown" in dev


def test_the_dependency_table_names_every_dependency_with_why() -> None:
    import tomllib

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Dependencies", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].lower()] = cells[1]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values()
                                          for d in extra)]
    for requirement in wanted:
        name = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower()
        row = next((why for names, why in rows.items()
                    if re.search(rf"(^|[ ,(]){re.escape(name)}($|[ ,)])", names)), None)
        assert row, f"{name} (pyproject.toml) has no row in the README's dependency table"
        assert len(row) > 10, f"{name}: the table does not say why"
