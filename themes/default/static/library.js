// The resource library's filters (resources.html), the network's (network.html) and the
// expertise directory's (expertise.html): tick boxes to narrow the cards.
//
// Without this script the page lists every resource and links to the facet pages. With it,
// the filter form appears (folded on narrow screens); ticking a box hides the cards that do
// not match (OR within a group, AND across groups), says how many match, and keeps the
// choice in the address (?subject=maths&subject=science&level=ks2) so that a link can be
// shared and the back button steps through earlier choices. The form's submit button moves
// the focus to the results. A list shown a page at a time (the network's) says so in its
// data-scope ("on this page"); with nothing ticked, the count says what the page says.

const form = document.getElementById("library-filters");
const list = document.getElementById("library-results");
const status = document.getElementById("library-count");

// The words this script says, in English; on a page in another language the theme gives
// them in that language (sharesite/strings/<lang>.toml, the `js.` keys) as JSON in
// #ss-strings, merged over these. A value of plural forms is chosen by `count` with the
// page language's rules; "{name}" is filled in from `named`.
const STRINGS = {
  "library.all": { one: "Showing the {count} resource", other: "Showing all {count} resources" },
  "library.none": "No resources match: try fewer filters",
  "library.none_page": "No resources on this page match: try fewer filters",
  "library.matches": { one: "{count} of {total} resources matches", other: "{count} of {total} resources match" },
  "library.matches_page": { one: "{count} of {total} resources on this page matches", other: "{count} of {total} resources on this page match" },
  "library.only": "1 of 1 resource matches",
  "library.offers_all": { one: "Showing the {count} offer or request", other: "Showing all {count} offers and requests" },
  "library.offers_none": "No offers and requests match: try fewer filters",
  "library.offers_matches": { one: "{count} of {total} offers and requests matches", other: "{count} of {total} offers and requests match" },
  "library.offers_only": "1 of 1 offer or request matches",
  "library.chosen": { one: "({count} chosen)", other: "({count} chosen)" },
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

if (form && list && status) {
  const boxes = [...form.querySelectorAll('input[type="checkbox"]')];
  const keys = new Set(boxes.map((box) => box.name));
  const cards = [...list.querySelectorAll("li[data-resource]")];
  const total = cards.length;
  const chosenNote = document.getElementById("library-chosen");
  const paged = Boolean(list.dataset.scope); // a page of a longer list ("on this page")
  const unfiltered = status.textContent.trim();
  // What the cards are, for the count: resources, or (the expertise directory's, which
  // says data-one="offer or request") offers and requests.
  const offers = Boolean(list.dataset.one);

  // The values a card carries for one filter: data-subject="maths science" → ["maths", "science"].
  const valuesOf = (card, key) => (card.getAttribute(`data-${key}`) || "").split(/\s+/).filter(Boolean);

  // The ticked boxes as {key: Set of values}, only for groups with something ticked.
  const chosen = () => {
    const picked = new Map();
    for (const box of boxes) {
      if (box.checked) {
        if (!picked.has(box.name)) picked.set(box.name, new Set());
        picked.get(box.name).add(box.value);
      }
    }
    return picked;
  };

  const message = (shown, filtering) => {
    if (!filtering) return unfiltered || t(offers ? "library.offers_all" : "library.all", { count: total });
    if (offers) {
      if (shown === 0) return t("library.offers_none");
      return total === 1 ? t("library.offers_only") : t("library.offers_matches", { count: shown, total });
    }
    if (shown === 0) return paged ? t("library.none_page") : t("library.none");
    if (paged) return t("library.matches_page", { count: shown, total });
    return total === 1 ? t("library.only") : t("library.matches", { count: shown, total });
  };

  const apply = () => {
    const picked = chosen();
    let shown = 0;
    for (const card of cards) {
      let match = true;
      for (const [key, wanted] of picked) {
        if (!valuesOf(card, key).some((value) => wanted.has(value))) {
          match = false;
          break;
        }
      }
      card.hidden = !match;
      if (match) shown += 1;
    }
    const text = message(shown, picked.size > 0);
    if (status.textContent !== text) status.textContent = text;
    if (chosenNote) {
      const ticked = boxes.filter((box) => box.checked).length;
      chosenNote.textContent = ticked ? t("library.chosen", { count: ticked }) : "";
    }
  };

  // The address for the current choice: other parameters in the query are kept.
  const addressFor = () => {
    const params = new URLSearchParams(window.location.search);
    for (const key of keys) params.delete(key);
    for (const box of boxes) {
      if (box.checked) params.append(box.name, box.value);
    }
    const query = params.toString();
    return `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
  };

  const remember = () => {
    const address = addressFor();
    const current = `${window.location.pathname}${window.location.search}${window.location.hash}`;
    if (address !== current) window.history.pushState({ libraryFilters: true }, "", address);
  };

  // Tick the boxes the address names (unknown values are ignored), then filter.
  const restore = () => {
    const params = new URLSearchParams(window.location.search);
    for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
    apply();
  };

  form.addEventListener("change", () => {
    apply();
    remember();
  });
  // The submit button ("Show results"): the cards are already filtered, so it only takes the
  // reader to them (the form is never sent: a static page cannot filter by itself).
  const results = document.getElementById("results_title");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
    remember();
    if (results) results.focus();
  });

  const clear = document.getElementById("library-clear");
  if (clear) {
    clear.addEventListener("click", () => {
      for (const box of boxes) box.checked = false;
      apply();
      remember();
    });
  }

  window.addEventListener("popstate", restore);

  // On a narrow screen the filters start folded away, so that the results are in view.
  const panel = document.getElementById("library-filter-panel");
  if (panel && window.matchMedia("(max-width: 59.99rem)").matches) panel.open = false;

  form.hidden = false;
  restore();
}
