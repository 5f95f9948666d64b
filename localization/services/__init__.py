"""Business logic of the localization layer (plain functions, no views)."""
