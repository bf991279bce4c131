"""The store: Chroma plus the keyword index, ingest planning, the embedder."""
