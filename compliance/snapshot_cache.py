"""The generation of the stored snapshots: moved each time a snapshot is stored, so what is computed
from all of them (the province's charts) is cached until the next refresh — once a night, or when
province IT presses "Kiểm tra lại"."""

from __future__ import annotations

from core.cache import Generation, shared_store

snapshots_generation = Generation("snapshots", lambda: shared_store("compliance"))
