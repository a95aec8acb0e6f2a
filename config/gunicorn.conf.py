"""Gunicorn sized to the machine (used by the Docker image, docker-compose and
``manage.py bench load``, so the load test measures what production runs).

gthread workers: a request spends much of its time waiting for the database, and a
thread waiting does not hold the GIL, so a few threads per worker serve the journal's
many short saves without a process each. One worker per core keeps every core busy
with Python (templates, password hashing); two per core leaves room for a worker
stalled on a long export. Both come from the environment when the host is shared."""

import os


def _cores() -> int:
    try:
        # The CPUs this process may run on: a container limited with --cpuset sees its own.
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cores())
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# An export or a slow PDF runs as a background task; a request longer than this is stuck.
timeout = 60
# Idle keep-alive connections wait in the worker's poller, not in a thread, so they
# are cheap to keep. Closing them sooner than the other side stops reusing them races
# with its next request, which then fails with no answer at all (seen in the load test
# with 5 s): keep them longer than a proxy's upstream keep-alive (nginx: 60 s) and a
# person's pause between two clicks.
keepalive = 75
