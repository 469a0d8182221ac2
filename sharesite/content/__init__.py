"""Files → [Document]: find the content files, read their front matter and Markdown, and
make safe HTML. Nothing here knows about addresses, pages or themes."""
