"""Web app: the chat widget's demo page and assets, the staff console and the staff API (Python 3.11)."""
