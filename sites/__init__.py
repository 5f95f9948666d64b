"""Shared content types of every site (pages, snippets), templates, editorial workflow, citizen interaction.

App label ``portal`` (django.contrib.sites owns ``sites``).
"""
