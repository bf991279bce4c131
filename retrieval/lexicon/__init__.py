"""Words: the one Chinese tokenizer, the gazetteer's places and companies, the English glossary, pinyin names."""
