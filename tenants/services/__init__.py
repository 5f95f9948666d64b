"""Business logic of the tenant registry, used by management commands and the web console alike."""
