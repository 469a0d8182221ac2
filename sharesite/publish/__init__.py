"""[Output] → the output folder: whole or nothing, or only the files that changed."""
