"""Test-wide settings."""

from hypothesis import settings

# Property tests check what a parser returns, never how fast: a per-example deadline only fails
# them on a loaded machine (436 ms once for an example that takes 8 ms), and speed is measured in
# bench/, not asserted in tests.
settings.register_profile("evalforms", deadline=None)
settings.load_profile("evalforms")
