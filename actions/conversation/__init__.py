"""Conversation logic behind the Rasa custom actions, kept free of Rasa types.

Pure functions (answer parsing, result formatting, message splitting) live
here so they can be unit-tested without an action server; the `actions_*.py`
modules only translate between Rasa trackers and these functions.
"""
