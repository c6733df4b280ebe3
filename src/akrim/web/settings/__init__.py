"""Django settings, split by environment: base (shared), test, production."""
