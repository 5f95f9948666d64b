"""Compliance monitor (issue 14): every site's legal duties D1–D37 checked from its content and its
deadline settings, a score grouped like the ministry's yearly criteria, and a daily snapshot."""
