"""Thin views: validate, call a service, render."""
