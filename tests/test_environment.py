"""environment.yml (conda users) lists the same dependencies, with the same lower bounds, as pyproject.toml."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _requirement(text: str):
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(>=\s*[0-9.]+)?", text)
    name = match.group(1).lower().replace("_", "-")
    return name, (match.group(2) or "").replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    expected = dict(_requirement(r) for r in declared)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = {}
    for entry in env["dependencies"]:
        items = entry["pip"] if isinstance(entry, dict) else [entry]
        for item in items:
            if item.startswith("-e") or item.split(">=")[0] in ("python", "pip"):
                continue
            name, bound = _requirement(item)
            listed[name] = bound
    assert listed == expected


def test_ci_runs_make_test_and_readme_gives_two_commands():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make reports" in readme and "make test" in readme
