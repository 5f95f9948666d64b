"""The demo's content builders, one module per app it fills; ``demo.loader`` calls them in order.

Each builder takes ``(tenant, site)``, runs inside the tenant's schema and is idempotent (it finds
before it creates), so loading the demo twice changes nothing.
"""
