"""The package as users install it: every sub-package and template reaches the wheel,
and the code stays clean under the checkers the test extras pin (mypy, ruff)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_every_sub_package_is_listed() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "digest").rglob("__init__.py")
    }
    listed = set(SETUPTOOLS["packages"])
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert listed - found == {"digest.templates"}  # a data folder mapped in, not code


def test_every_template_file_is_package_data() -> None:
    # One rule for the whole folder, whatever the file type or sub-folder; .ci/run then
    # builds the wheel and runs `digest brief`, which needs brief.txt, from it.
    assert SETUPTOOLS["package-dir"]["digest.templates"] == "templates"
    assert SETUPTOOLS["package-data"]["digest.templates"] == ["**/*"]
    templates = [p for p in (ROOT / "templates").rglob("*") if p.is_file()]
    assert {p.suffix for p in templates} >= {".html", ".txt", ".css"}


def test_every_data_file_in_the_package_is_package_data() -> None:
    import fnmatch

    rules = SETUPTOOLS["package-data"]
    for path in (ROOT / "digest").rglob("*"):
        if not path.is_file() or path.suffix in (".py", ".pyc"):
            continue
        package = ".".join(path.parent.relative_to(ROOT).parts)
        patterns = rules.get(package, [])
        assert any(fnmatch.fnmatch(path.name, p) for p in patterns), f"{path} is not in the wheel"


def test_the_weights_file_says_what_made_it() -> None:
    import json

    learned = json.loads(
        (ROOT / "digest" / "summarizing" / "selector_weights.json").read_text(encoding="utf-8")
    )
    assert learned["made_by"].startswith("python bench/train_selector.py")
    assert (ROOT / "bench" / "train_selector.py").is_file()
    assert len(learned["data"]["sha256"]) == 64 and learned["data"]["articles"] > 0
    assert learned["recipe"] and learned["weights"]


def _tool(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[test]' installs it)")


def test_mypy_is_clean_over_the_package() -> None:
    _tool("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "digest"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    _tool("ruff")
    folders = ["digest", "tests", "bench"]
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--quiet", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--quiet", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
