"""The language layer every stage uses: normalising text, sentences, language, numbers, dates, what may be quoted."""
