"""The one error of the royalty rules: its message (Vietnamese) is shown to the user as it is."""

from __future__ import annotations


class RoyaltyError(ValueError):
    pass
