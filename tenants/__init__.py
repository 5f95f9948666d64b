"""Tenant registry: the province → district → commune tree, domains, provisioning, routing, console.

Ground floor of the platform: imports none of sites/, localization/, search/. Those apps join
provisioning through the signals in ``tenants.signals``.
"""
