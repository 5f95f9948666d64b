"""Page speed of the demo pages on Lighthouse's mobile profile (D29), in Debian Chromium.

Starts the demo platform (own database, uvicorn), runs Lighthouse 12 (npm, bench/lighthouse/) on one
page of every public page type of a province, a district and a commune site, and prints first
contentful paint, largest contentful paint, speed index and total blocking time against the yearly
evaluation thresholds, plus the ratio to a baseline measured in the same run: the platform host's
console page (a small plain Django page on the same server, no Wagtail).

    .venv/bin/python bench/page_speed.py [--sites phutho phutho.thanhson.sonhung] [--limit 12]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LIGHTHOUSE_DIR = ROOT / "bench" / "lighthouse"
THRESHOLDS = {  # ms, Circular 22/2023 yearly evaluation (mobile)
    "first-contentful-paint": 3000,
    "largest-contentful-paint": 4000,
    "speed-index": 5800,
    "total-blocking-time": 600,
}
SHORT = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "speed-index": "SI",
    "total-blocking-time": "TBT",
}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def ensure_lighthouse() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=LIGHTHOUSE_DIR, check=True)
    return binary


def measure(binary: Path, url: str, attempts: int = 2) -> dict[str, float] | str:
    """The four metrics of one page, or the reason Lighthouse failed (after ``attempts`` tries)."""
    error = ""
    for _ in range(attempts):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            done = subprocess.run(
                [
                    str(binary),
                    url,
                    "--quiet",
                    "--only-categories=performance",
                    "--output=json",
                    f"--output-path={out.name}",
                    f"--chrome-flags={CHROME_FLAGS}",
                    "--max-wait-for-load=30000",
                ],
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                capture_output=True,
                text=True,
            )
            if done.returncode == 0:
                audits = json.load(open(out.name))["audits"]
                return {key: audits[key]["numericValue"] for key in THRESHOLDS}
            lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
            error = lines[-1][:150] if lines else f"exit status {done.returncode}"
    return error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", nargs="*", default=["phutho", "phutho.thanhson", "phutho.thanhson.sonhung"])
    parser.add_argument("--limit", type=int, default=30, help="at most this many pages")
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "1")
    from demo.server import start_demo_server

    binary = ensure_lighthouse()
    print("Starting the demo platform (own database)…", flush=True)
    server = start_demo_server()
    try:
        targets = [("baseline: platform console page", server.url("localhost"))]
        targets += [(f"{p['tenant']} {p['type']} [{p['language']}]", p["url"]) for p in server.pages(*args.sites)][
            : args.limit
        ]
        rows = []
        for label, url in targets:
            print(f"  lighthouse {url}", flush=True)
            rows.append((label, measure(binary, url)))
    finally:
        server.process.terminate()
    baseline = rows[0][1]
    if isinstance(baseline, str):
        raise SystemExit(f"Lighthouse failed on the baseline page: {baseline}")
    header = f"{'page':<58}" + "".join(f"{SHORT[k]:>16}" for k in THRESHOLDS) + "  within"
    print("\nLighthouse mobile profile, ms (ratio to baseline)")
    print(header)
    print("-" * len(header))
    failures = 0
    for label, values in rows:
        if isinstance(values, str):
            failures += 1
            print(f"{label[:57]:<58}Lighthouse failed: {values}")
            continue
        ok = all(values[k] < limit for k, limit in THRESHOLDS.items())
        failures += 0 if ok else 1
        cells = "".join(
            f"{values[k]:>8.0f} ({values[k] / baseline[k]:>4.1f}×)" if baseline[k] else f"{values[k]:>16.0f}"
            for k in THRESHOLDS
        )
        print(f"{label[:57]:<58}{cells}  {'yes' if ok else 'NO'}")
    print("-" * len(header))
    print("thresholds" + " " * 48 + "".join(f"{v:>16}" for v in THRESHOLDS.values()))
    print(f"{len(rows) - failures}/{len(rows)} pages within every threshold")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
