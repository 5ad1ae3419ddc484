"""Production footing: endpoints from the environment, data retention (run in the Rasa environment)."""
