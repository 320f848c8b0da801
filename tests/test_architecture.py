"""The import rules of docs/architecture.md, checked on the code as it is."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, absolute, as written."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def files(package: str) -> list[Path]:
    base = ROOT / package
    return sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]


# (the code, what it must not import, why)
RULES = [
    (
        "quizzes/selectors",
        ("quizzes.services", "quizzes.api", "quizzes.views", "django.http"),
        "reads never write",
    ),
    (
        "quizzes/models",
        ("quizzes.services", "quizzes.selectors", "quizzes.api", "quizzes.views"),
        "models are the bottom",
    ),
    ("quizzes/transfer", ("quizzes.services", "quizzes.api", "quizzes.views"), "file formats read models"),
    (
        "quizzes/generation",
        ("quizzes.api", "quizzes.views", "quizzes.selectors"),
        "generation writes through services",
    ),
    (
        "quizzes/facts",
        ("quizzes.services", "quizzes.api", "quizzes.views", "quizzes.generation"),
        "the fact format",
    ),
    ("quizzes/services", ("quizzes.api", "quizzes.views", "django.http"), "services serve both"),
    ("quizzes/views", ("quizzes.api", "quizzes.scheduling", "fsrs"), "pages call services"),
    ("quizzes/api", ("quizzes.views", "quizzes.scheduling", "fsrs"), "the API calls services"),
    ("quizzes/admin", ("quizzes.templatetags", "quizzes.api", "quizzes.views"), "the admin calls services"),
    ("quizzes/answers", ("django",), "the checker is pure Python"),
    ("quizzes/dates", ("django",), "dates are pure Python"),
    (
        "quizzes/fitting",
        ("django", "quizzes.services", "quizzes.selectors", "quizzes.api", "quizzes.views"),
        "fitting is a rule on a review log, not a write",
    ),
    ("accounts", ("quizzes",), "accounts know nothing of quizzes"),
]


@pytest.mark.parametrize(("package", "forbidden", "why"), RULES, ids=[rule[0] for rule in RULES])
def test_the_layers_import_only_what_they_may(package, forbidden, why):
    broken = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files(package)
        for name in imports_of(path)
        if any(name == prefix or name.startswith(prefix + ".") for prefix in forbidden)
    }

    assert not broken, f"{why}: {sorted(broken)}"


def test_only_the_scheduling_module_imports_fsrs():
    importers = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "quizzes").rglob("*.py")
        if any(name == "fsrs" or name.startswith("fsrs.") for name in imports_of(path))
    }

    assert importers == {"quizzes/scheduling.py"}


@pytest.mark.parametrize("package", ["quizzes/services", "quizzes/selectors"])
def test_packages_of_services_and_selectors_re_export_nothing(package):
    tree = ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8"))

    assert all(isinstance(node, ast.Expr) for node in tree.body), "call sites import the module they use"


def test_only_the_fitting_module_imports_the_fsrs_optimiser():
    importers = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "quizzes").rglob("*.py")
        if any(name.split(".")[0] == "fsrs_rs_python" for name in imports_of(path))
    }

    assert importers == {"quizzes/fitting.py"}
