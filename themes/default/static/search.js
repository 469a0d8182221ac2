// Search (search.html), over the Pagefind index built into /pagefind/ (in shards).
//
// The index is loaded only when it is needed: when the page opens with words to find
// (?q=fractions, as the header's search box sends) or when the reader starts typing.
// Results come as you type; the address keeps the words, so it can be shared or bookmarked.
//
// With [network] search_hub, a switch (off by default) adds the whole network: the hub's
// network/search/bundles.json lists its Pagefind bundles, merged (mergeIndex) into a second
// instance of the search, so turning the switch off again searches this site alone. Nothing
// is loaded from the hub until the switch is turned on. A result from another school
// (Pagefind meta `school`, the peer's page in meta `link`) says "from <school>" and links
// to that school's own page.
//
// On a site in several languages, a second switch adds the site's other languages (each has
// its own index, in its own folder).

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const kinds = document.getElementById("search-kind");
const network = document.getElementById("search-network");
const networkSwitch = document.getElementById("search-network-switch");
const languages = document.getElementById("search-languages");
const languagesSwitch = document.getElementById("search-languages-switch");

// The words this script says, in English; on a page in another language the theme gives
// them in that language (sharesite/strings/<lang>.toml, the `js.` keys) as JSON in
// #ss-strings, merged over these. A value of plural forms is chosen by `count` with the
// page language's rules; "{name}" is filled in from `named`.
const STRINGS = {
  "search.from": "from {school}",
  "search.none": "No results for “{query}”",
  "search.none_posts": "No results for “{query}” among posts",
  "search.none_resources": "No results for “{query}” among resources",
  "search.results": { one: "{count} result for “{query}”", other: "{count} results for “{query}”" },
  "search.results_posts": { one: "{count} result for “{query}” among posts", other: "{count} results for “{query}” among posts" },
  "search.results_resources": { one: "{count} result for “{query}” among resources", other: "{count} results for “{query}” among resources" },
  "search.loading": "Loading search…",
  "search.network_failed": "The other schools' search could not be loaded. Try again later, or turn it off.",
  "search.failed": "Search could not be loaded. Try again later, or browse instead.",
};
const given = document.getElementById("ss-strings");
if (given) Object.assign(STRINGS, JSON.parse(given.textContent));
const t = (key, named = {}) => {
  let text = STRINGS[key] ?? key;
  if (typeof text === "object") {
    const rules = new Intl.PluralRules(document.documentElement.lang || "en");
    text = text[rules.select(named.count)] ?? text.other;
  }
  return String(text).replace(/\{(\w+)\}/g, (all, name) => (name in named ? String(named[name]) : all));
};

// "kind" in the address → the value of the Pagefind filter `kind` set by the templates.
const KINDS = { post: "Post", resource: "Resource" };
const BATCH = 10;
const DELAY = 200;

if (form && input && status && list) {
  let pagefind = null;
  let results = [];
  let shown = 0;
  let latest = 0;
  let timer = 0;

  // The index comes in shards (an edit re-indexes one): the first at pagefind/, the others
  // listed in pagefind/shards.json, merged into the search as it loads.
  const own = () => new URL(".", new URL(form.dataset.pagefind, document.baseURI)).href;
  const shards = async () => {
    const response = await fetch(new URL("shards.json", own()));
    if (!response.ok) throw new Error(`shards.json: HTTP ${response.status}`);
    const listing = await response.json();
    const base = new URL(own());
    return (Array.isArray(listing.bundles) ? listing.bundles : [])
      .map((path) => new URL(String(path), base))
      .filter((url) => url.origin === base.origin && url.href.startsWith(base.href))
      .map((url) => url.href);
  };
  const withShards = async (engine, bundles) => {
    // Result addresses already start with the base path (each shard is told so too).
    await Promise.all(bundles.map((bundle) => engine.mergeIndex(bundle, { baseUrl: "/" })));
    return engine;
  };

  const load = () => {
    pagefind ??= (async () => {
      const listed = shards();
      const module = await import(new URL("pagefind.js", own()).href);
      // Result addresses already start with the site's base path.
      await module.options({ baseUrl: "/" });
      await module.init();
      return withShards(module, await listed);
    })();
    return pagefind;
  };

  // The hub's bundles: the whole network.
  const withHub = async (instance) => {
    const hub = new URL(network.dataset.hub);
    const response = await fetch(new URL("network/search/bundles.json", hub),
                                 { credentials: "omit" });
    if (!response.ok) throw new Error(`bundles.json: HTTP ${response.status}`);
    const listing = await response.json();
    for (const path of Array.isArray(listing.bundles) ? listing.bundles : []) {
      const bundle = new URL(String(path), hub);
      if (bundle.origin === hub.origin) await instance.mergeIndex(bundle.href);
    }
  };
  // On a site in several languages, each of the others' index (at its own folder's
  // pagefind/, with its shards), merged in its own language: Pagefind keeps an index a
  // language, and would otherwise look in the page's.
  const withLanguages = async (instance) => {
    for (const { language, path } of JSON.parse(languages.dataset.indexes || "[]")) {
      const base = new URL(String(path), document.baseURI);
      if (base.origin !== window.location.origin) continue;
      const response = await fetch(new URL("shards.json", base));
      if (!response.ok) throw new Error(`shards.json: HTTP ${response.status}`);
      const listing = await response.json();
      const bundles = [base, ...(Array.isArray(listing.bundles) ? listing.bundles : [])
        .map((bundle) => new URL(String(bundle), base))
        .filter((url) => url.origin === base.origin && url.href.startsWith(base.href))];
      for (const bundle of bundles) {
        await instance.mergeIndex(bundle.href, { baseUrl: "/", language: String(language) });
      }
    }
  };

  // Wider searches (the whole network, the other languages), each in an instance of its
  // own: this site's index with the others merged in.
  const wider = new Map();
  const loadWider = (hub, other) => {
    const key = `${hub} ${other}`;
    if (!wider.has(key)) {
      wider.set(key, (async () => {
        const module = await load();
        const instance = module.createInstance({ basePath: own() });
        await instance.options({ baseUrl: "/" });
        await instance.init();
        await withShards(instance, await shards());
        if (other) await withLanguages(instance);
        if (hub) await withHub(instance);
        return instance;
      })());
    }
    return wider.get(key);
  };
  const wide = () => Boolean(network && network.checked);
  const bilingual = () => Boolean(languages && languages.checked);

  const kindInputs = kinds ? [...kinds.querySelectorAll('input[name="kind"]')] : [];
  const currentKind = () => {
    const checked = kindInputs.find((radio) => radio.checked);
    return checked && KINDS[checked.value] ? checked.value : "";
  };

  const setAddress = (query, kind) => {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    if (kind) params.set("kind", kind);
    const search = params.toString();
    const address = `${window.location.pathname}${search ? `?${search}` : ""}`;
    if (address !== `${window.location.pathname}${window.location.search}`) {
      window.history.replaceState(null, "", address);
    }
  };

  // Pagefind's excerpt is text with <mark> around the words found. Rebuild it from text
  // nodes and <mark> elements only, so nothing else from the index can become markup.
  const excerpt = (html) => {
    const paragraph = document.createElement("p");
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
    for (const node of parsed.body.firstChild ? parsed.body.firstChild.childNodes : []) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(document.createTextNode(node.textContent));
      }
    }
    return paragraph;
  };

  // A peer's page: only an http(s) address, whatever a hub's index says.
  const peerLink = (value) => {
    try {
      const url = new URL(String(value));
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
    } catch {
      return "";
    }
  };

  const item = (data) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    const meta = data.meta || {};
    const elsewhere = meta.school ? peerLink(meta.link) : "";
    link.href = elsewhere || data.url;
    link.textContent = meta.title || link.href;
    li.append(link);
    if (meta.school) {
      const from = document.createElement("p");
      from.className = "search-results__school";
      from.textContent = t("search.from", { school: meta.school });
      li.append(from);
    }
    li.append(excerpt(data.excerpt || ""));
    return li;
  };

  const showMore = async (token) => {
    const batch = results.slice(shown, shown + BATCH);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (token !== latest) return null;
    const items = data.map(item);
    list.append(...items);
    shown += batch.length;
    if (more) more.hidden = shown >= results.length;
    return items[0] || null;
  };

  const describe = (count, query, kind) => {
    if (count === 0) {
      if (kind === "post") return t("search.none_posts", { query });
      return kind ? t("search.none_resources", { query }) : t("search.none", { query });
    }
    if (kind === "post") return t("search.results_posts", { count, query });
    if (kind) return t("search.results_resources", { count, query });
    return t("search.results", { count, query });
  };

  const run = async () => {
    window.clearTimeout(timer);
    const query = input.value.trim();
    const kind = currentKind();
    const token = ++latest;
    setAddress(query, kind);
    if (!query) {
      results = [];
      shown = 0;
      list.replaceChildren();
      if (more) more.hidden = true;
      status.textContent = "";
      return;
    }
    let engine;
    const all = wide();
    const other = bilingual();
    const key = `${all} ${other}`;
    try {
      if ((all || other) ? !wider.has(key) : !pagefind) status.textContent = t("search.loading");
      engine = (all || other) ? await loadWider(all, other) : await load();
    } catch {
      if (all || other) wider.delete(key);
      else pagefind = null;
      if (token === latest) {
        status.textContent = all
          ? t("search.network_failed")
          : t("search.failed");
      }
      return;
    }
    const search = await engine.search(query, kind ? { filters: { kind: KINDS[kind] } } : {});
    if (token !== latest || !search) return;
    results = search.results;
    shown = 0;
    list.replaceChildren();
    await showMore(token);
    if (token !== latest) return;
    status.textContent = describe(results.length, query, kind);
  };

  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DELAY);
  };

  input.addEventListener("input", later);
  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  for (const radio of kindInputs) radio.addEventListener("change", run);
  if (network) network.addEventListener("change", run);
  if (languages) languages.addEventListener("change", run);

  if (more) {
    more.addEventListener("click", async () => {
      const first = await showMore(latest);
      if (first) first.querySelector("a").focus();
    });
  }

  // Start from the address: /search/?q=fractions&kind=resource.
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  const kind = params.get("kind") || "";
  for (const radio of kindInputs) radio.checked = radio.value === (KINDS[kind] ? kind : "");
  if (kinds) kinds.hidden = false;
  if (networkSwitch) networkSwitch.hidden = false;
  if (network) network.checked = false; // off each time the page opens
  if (languagesSwitch) languagesSwitch.hidden = false;
  if (languages) languages.checked = false;
  if (input.value.trim()) run();
}
