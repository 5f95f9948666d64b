"""The cache's Redis connections are the process's: Django makes a cache object per thread and per
asynchronous context (under ASGI, per request), and each used to open its own connection to Redis."""

from __future__ import annotations

import threading

from django.core.cache import caches


def _in_new_thread(work):
    """Run ``work()`` in a thread of its own (a fresh ``caches`` local, as a new request gets) and return
    (its ``caches["default"]`` object, what ``work`` returned)."""
    found = {}

    def run():
        found["cache"] = caches["default"]
        found["value"] = work(found["cache"])

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return found["cache"], found["value"]


def _connection_id(cache) -> int:
    """The server-side id of the connection this cache object's next command uses."""
    cache.set("connection-probe", 1)
    return cache._cache.get_client(write=True).client_id()


def test_requests_in_new_threads_reuse_one_redis_connection():
    runs = [_in_new_thread(_connection_id) for _ in range(6)]
    caches_seen = {id(cache) for cache, _ in runs}
    connections_seen = {connection for _, connection in runs}
    assert len(caches_seen) == 6, "each thread has a cache object of its own (Django's per-context caches)"
    assert len(connections_seen) == 1, f"one Redis connection for all of them, got {sorted(connections_seen)}"


def test_concurrent_requests_share_a_pool_and_still_read_their_own_values():
    barrier = threading.Barrier(4)
    results: dict[int, object] = {}

    def work(number: int) -> None:
        cache = caches["default"]
        barrier.wait()
        cache.set(f"concurrent-{number}", number)
        results[number] = cache.get(f"concurrent-{number}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {0: 0, 1: 1, 2: 2, 3: 3}
