"""`sharesite serve`: the dev server, its rebuild loop, the file watcher, and quick pages."""
