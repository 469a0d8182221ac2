"""[Document] → Site: every address, author, tag, facet and list, decided in one place."""
