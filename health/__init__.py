"""Health of a running process for load balancers and Kubernetes probes: ``/healthz`` (the process
answers, no I/O) and ``/readyz`` (PostgreSQL, Redis, the search backend and migrations, each timed).
Answered by :class:`health.middleware.HealthCheckMiddleware` before tenant routing, on every host."""
