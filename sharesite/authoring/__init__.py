"""What writes into a site's content/ rather than building it: `init` and `new`, the
issue forms, and posts and resources made from a submitted issue."""
