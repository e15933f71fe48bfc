"""QtCore services: document controller, preview scheduler, autosave, watching, settings."""
