"""Hybrid search: keyword, vector and proximity rankings fused; the LangChain retriever."""
