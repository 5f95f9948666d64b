"""django-tenants' backend with a remembered search_path and per-schema ContentType caches (see base.py)."""
