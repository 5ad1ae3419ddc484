"""Rasa input channels of this assistant (run inside the Rasa server, Python 3.10)."""
