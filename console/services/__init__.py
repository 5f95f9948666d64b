"""Business logic of the console; views stay thin."""
