"""Province-wide search: outbox of published changes, upward aggregation in `public`, search pages."""
