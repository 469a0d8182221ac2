"""Other schools' sites (site.toml's [[network.peers]]): fetching their catalogues, checking
and cleaning what they send (untrusted), and keeping a last-good copy of each.

`sharesite network fetch` is the only part of sharesite that goes to the network; the
build never does.
"""
