"""Lighthouse scores for home and a story in both languages, with Debian's Chromium.

Usage: .venv/bin/python bench/lighthouse.py   (installs lighthouse@12.2.3 into bench/ on first run)
Not part of the test suite: Lighthouse takes about half a minute per page.
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.harness.servers import demo_site  # noqa: E402

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)


def first_story_path(base: str, lang: str) -> str:
    html = urllib.request.urlopen(f"{base}/{lang}/").read().decode()
    marker = f'href="/{lang}/stories/'
    start = html.index(marker) + len('href="')
    return html[start : html.index('"', start)]


def run_lighthouse(url: str, attempts: int = 3) -> dict[str, int]:
    """Return the four category scores for url; a run that fails is tried again (Lighthouse's own
    advice for its intermittent trace errors, such as NO_NAVSTART), up to ``attempts`` times."""
    for attempt in range(1, attempts + 1):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            finished = subprocess.run(
                ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out.name}",
                 f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            )  # fmt: skip
            if finished.returncode == 0:
                report = json.load(open(out.name))
                return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
        print(f"Lighthouse failed on {url} (attempt {attempt} of {attempts})", file=sys.stderr)
    sys.exit(f"Lighthouse failed {attempts} times on {url}; see the messages above.")


def main() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"], check=True)
    with demo_site() as (base, _env):
        pages = []
        for lang in ("en", "zh-hans"):
            pages.append((f"home /{lang}/", f"{base}/{lang}/"))
            pages.append((f"story /{lang}/", base + first_story_path(base, lang)))
        print(f"{'page':<16}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for name, url in pages:
            print(f"Lighthouse: {url}", file=sys.stderr)
            scores = run_lighthouse(url)
            print(f"{name:<16}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)


if __name__ == "__main__":
    main()
