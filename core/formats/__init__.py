"""Locale formats of the project that Django's own lack (FORMAT_MODULE_PATH): what is not set here comes from Django."""
