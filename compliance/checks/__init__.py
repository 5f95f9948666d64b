"""The check functions of the compliance monitor, by theme; they are registered in ``compliance.registry``."""
