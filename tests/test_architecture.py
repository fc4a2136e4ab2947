"""The layout stays true: import-linter's contracts hold, and no app module outgrows about 300 lines."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 300
# Pure data, and generated migrations, are exempt from the size rule.
EXEMPT = {"articles/demo/content.py"}


def test_import_linter_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "lint-imports is missing: install the dev extra (pip install -e '.[dev]')."
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_no_app_module_is_over_about_300_lines():
    too_long = {}
    for path in sorted((ROOT / "articles").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if "/migrations/" in name or name in EXEMPT:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[name] = lines
    assert not too_long, f"split these by role: {too_long}"


def test_every_app_package_says_what_it_holds():
    for init in sorted((ROOT / "articles").rglob("__init__.py")):
        if init.parent.name in ("migrations", "management", "commands", "templatetags", "backends"):
            continue
        text = init.read_text(encoding="utf-8").strip()
        assert text.startswith('"""') and len(text) > 60, f"{init.relative_to(ROOT)} needs a docstring"
