"""Ground floor: cross-cutting rules without models (text normalisation, client address and rate
limits, site URLs, console access, generation caches, content kinds, the page contract). Imports no app
of the project; every app calls it instead of writing the rule again (docs/architecture.md)."""
