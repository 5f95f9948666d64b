"""The one error type tenant services raise for bad input: a clear, bilingual message."""


class TenantError(ValueError):
    """Bad input or an impossible operation on a tenant; nothing was changed."""
