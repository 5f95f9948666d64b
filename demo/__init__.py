"""The demo province (Phú Thọ): tenant tree, board accounts and content, loaded idempotently."""
