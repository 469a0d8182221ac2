"""Site + theme → [Output]: pages, feeds, the catalogue, the sitemap and the search index,
in memory, each output fingerprinted so that a rebuild makes only what changed."""
