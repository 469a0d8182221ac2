"""Old addresses: each item's own (from the export's link, never rebuilt from its slug) as
an alias, and the blog's tag, category, author, date-archive and feed addresses as
site-level redirects. What cannot be redirected is said, with what the teacher can do."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

from sharesite.site.urls import Urls, tag_slug

# First path segments that are sharesite's own pages: an old address there is not ours to
# redirect.
_OWN = {"tags", "authors", "resources", "archive", "search", "network", "schools",
        "expertise", "events", "page", "posts"}
_OWN_FILES = {Urls.feed, Urls.rss, Urls.json_feed, Urls.sitemap, Urls.robots, Urls.not_found,
              Urls.catalogue, Urls.events_ics, Urls.network, Urls.events_json}


class OldSite:
    """The old blog's home address: where its paths start."""

    def __init__(self, link: str) -> None:
        parts = urlsplit(link.strip())
        self.host = (parts.hostname or "").lower()
        self.prefix = parts.path.rstrip("/")

    def path(self, link: str) -> tuple[str, str]:
        """(site path, "") for an old address on this blog, or ("", why it cannot be
        redirected)."""
        link = link.strip()
        if not link:
            return "", "the export gives no address for it"
        parts = urlsplit(link)
        host = (parts.hostname or "").lower()
        if host and self.host and host.removeprefix("www.") != self.host.removeprefix("www."):
            return "", f"its address is on another site ({host})"
        path = unquote(parts.path)
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            path = path[len(self.prefix):]
        path = "/" + path.lstrip("/")
        if parts.query and path == "/":
            return "", (f"its address {link} is a query (?{parts.query}), which a static "
                        "site cannot answer")
        if path == "/":
            return "", f"its address {link} is the blog's home page"
        segments = [s for s in path.split("/") if s]
        if (len(segments) == 1 and (segments[0] in _OWN or segments[0] in _OWN_FILES)) or \
                (re.fullmatch(r"/(?:page|tags|authors)/.*", path) and len(segments) <= 2):
            return "", f"its old address {path} is one of sharesite's own pages"
        return path, ""


def tag_target(name: str) -> str:
    return "/" + Urls.tag(tag_slug(name))


def tag_feed(name: str) -> str:
    return "/" + Urls.feed_of(Urls.tag(tag_slug(name)))


def wordpress_redirects(terms: set[tuple[str, str, str]], authors: dict[str, str],
                        months: set[str]) -> dict[str, str]:
    """Category, tag, author, date-archive and feed addresses of a WordPress blog."""
    out = {"/feed/": "/" + Urls.feed, "/feed/atom/": "/" + Urls.feed,
           "/feed/rss2/": "/" + Urls.rss, "/feed/rss/": "/" + Urls.rss}
    for domain, nicename, name in sorted(terms):
        base = {"category": "/category/", "post_tag": "/tag/"}.get(domain)
        if base is None or not nicename:
            continue
        key = base + quote(nicename, safe="/%-_.~") + "/"
        out[key] = tag_target(name)
        out[key + "feed/"] = tag_feed(name)
    for login, author_id in sorted(authors.items()):
        out[f"/author/{quote(login, safe='-_.~')}/"] = "/" + Urls.author(author_id)
    for month in sorted(months):
        out[f"/{month[:4]}/"] = "/" + Urls.archive
        out[f"/{month[:4]}/{month[5:7]}/"] = "/" + Urls.archive
    return out


def blogger_redirects(labels: set[str], months: set[str]) -> dict[str, str]:
    """Label, feed and archive addresses of a Blogger blog. A label's own feed
    (`/feeds/posts/default/-/Label`) is not among them: it sits under the blog's feed
    address, which is one file here, and the blog's feed is the one readers follow
    (`label_feed_notes` says what its subscribers can do)."""
    out = {"/feeds/posts/default": "/" + Urls.feed}
    for label in sorted(labels):
        out[f"/search/label/{quote(label, safe='')}"] = tag_target(label)
    for month in sorted(months):
        out[f"/{month[:4]}/"] = "/" + Urls.archive
        out[f"/{month[:4]}/{month[5:7]}/"] = "/" + Urls.archive
    return out


def label_feed_notes(labels: set[str]) -> list[str]:
    """One line for each Blogger label feed that cannot be kept."""
    return [f"/feeds/posts/default/-/{quote(label, safe='')}: the feed of one label sits "
            "under the blog's feed address, which is one file on the new site: its "
            f"subscribers need the new address {tag_feed(label)}" for label in sorted(labels)]


def domain_advice(old_host: str, new_host: str, format: str) -> str:
    """What the teacher can do when the old blog's domain is not the new site's."""
    if format == "blogger" or old_host.endswith(".blogspot.com"):
        return (f"old addresses on {old_host} cannot redirect by themselves: in Blogger, "
                "Theme → Edit HTML, add a <meta http-equiv=\"refresh\"> or a canonical link "
                f"to {new_host} in <head>, or point a custom domain at the new site")
    if old_host.endswith(".wordpress.com"):
        return (f"old addresses on {old_host} redirect only with WordPress.com's Site "
                f"Redirect (Upgrades → Domains → Redirect a site) to {new_host}")
    return (f"old addresses on {old_host} redirect only once that domain points at the new "
            f"site ({new_host}), or with a redirect rule on the old server")
