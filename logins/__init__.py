"""Who may sign in: lockout of every login form after repeated failures (django-axes), the TOTP second
factor (django-otp), and the views through which a site's head and province IT see and lift lockouts."""
