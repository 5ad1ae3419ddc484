"""Action server package of the SME policy assistant.

Sub-packages hold the libraries (policy parsing, retrieval, eligibility);
modules named ``actions_*.py`` hold the Rasa custom actions.
"""
