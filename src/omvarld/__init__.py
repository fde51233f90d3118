"""Omvärld: the City of Stockholm's international work, run by its own strategy."""
