#!/usr/bin/env python
"""Runs a benchmark against a private PostgreSQL cluster of its own (not a test): ``initdb`` in a
temporary folder, a private port, ``fsync=off`` — then the given bench script with ``DATABASE_URL``
pointing at it, and the cluster destroyed at the end (``--keep-cluster`` keeps it and prints where).

Why: provisioning a site builds some 300 B-tree indexes, and PostgreSQL 15 flushes each new index file
to disk as it is built (``smgrimmedsync``), about 8 ms on this machine's disk — some 5 s per site, more
than five hours for 3,000 sites. That cost is the disk's, measured where it belongs, on the machine's
own server (``bench/provision.py``); benches that need thousands of sites only to measure something
else (``bench/scale.py``: memory, latency and refresh with 3,000 sites; ``bench/compliance.py``: the
nightly refresh of 3,000 sites) run here instead, where the flush is a no-op. Everything else is the
machine's PostgreSQL 15 with the platform's own settings (``max_locks_per_transaction`` as
``bin/services`` sets it; autovacuum as the server's default).

    .venv/bin/python bench/private_cluster.py [--keep-cluster] bench/scale.py --sizes 10,300,3000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.throwaway_services import ThrowawayPostgres  # noqa: E402

SERVER_SETTINGS = {"max_locks_per_transaction": "1024", "max_connections": "200", "shared_buffers": "256MB"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep-cluster", action="store_true", help="leave the cluster running and say where")
    parser.add_argument("script", help="the bench script to run, e.g. bench/scale.py")
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="its arguments")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="congttdt-cluster-"))
    cluster = ThrowawayPostgres(folder, SERVER_SETTINGS).create()
    url = cluster.url("congttdt")
    print(f"[bench] private cluster {url} (fsync off) in {folder}", file=sys.stderr, flush=True)
    try:
        return subprocess.run(
            [sys.executable, args.script, *args.arguments], cwd=ROOT, env={**os.environ, "DATABASE_URL": url}
        ).returncode
    finally:
        if args.keep_cluster:
            print(f"[bench] cluster kept: {url}, data in {cluster.data}", file=sys.stderr, flush=True)
        else:
            cluster.destroy()
            subprocess.run(["rm", "-rf", str(folder)], check=False)


if __name__ == "__main__":
    sys.exit(main())
