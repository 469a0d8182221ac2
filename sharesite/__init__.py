"""sharesite: a static site generator for teachers' blogs and shared resource libraries."""

__version__ = "0.1.0"
