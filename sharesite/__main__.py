"""`python -m sharesite` is the same as the `sharesite` command."""

from sharesite.cli import main

main()
