"""English localization layer: locales vi/en on every tenant, glossary and translation memory, coverage."""
