"""Business logic of the content app, as plain functions (views and hooks stay thin)."""
