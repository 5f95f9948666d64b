"""Tenant-schema outbox of page changes that must reach the province-wide search aggregate."""
