"""Hybrid retrieval over policy passages: BM25 on jieba tokens + dense E5 in FAISS."""
