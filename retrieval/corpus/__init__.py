"""Page text -> articles -> passages: front matter, paragraph repair, long feeds cut at sentence ends."""
