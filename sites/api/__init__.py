"""Read-only JSON API of a site (D30), see docs/api.md."""
