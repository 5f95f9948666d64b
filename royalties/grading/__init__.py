"""Grading of each site's published pages (a TENANT_APP: its table lives in every site's schema)."""
