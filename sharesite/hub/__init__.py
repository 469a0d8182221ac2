"""A hub: one site that gathers a whole network (up to 2,000 schools) from its members'
last-good copies and publishes it as static files other sites and tools can use: a page of
the network with its subjects, levels and schools, browse files (compact JSON, paged) and
search bundles (Pagefind, sharded) that a school's search page may merge into its own.
"""
