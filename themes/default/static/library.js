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

if (form && list && status) {
  const boxes = [...form.querySelectorAll('input[type="checkbox"]')];
  const keys = new Set(boxes.map((box) => box.name));
  const cards = [...list.querySelectorAll("li[data-resource]")];
  const total = cards.length;
  const plural = (n, one, many) => (n === 1 ? one : many);
  const chosenNote = document.getElementById("library-chosen");
  const scope = list.dataset.scope ? ` ${list.dataset.scope}` : "";
  const unfiltered = status.textContent.trim();
  // What the cards are, for the count: resources, or (the expertise directory's
  // data-one="offer or request" data-many="offers and requests") something else.
  const one = list.dataset.one || "resource";
  const many = list.dataset.many || "resources";

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
    if (!filtering) {
      return unfiltered || (total === 1 ? `Showing the 1 ${one}` : `Showing all ${total} ${many}`);
    }
    if (shown === 0) return `No ${many}${scope} match: try fewer filters`;
    return `${shown} of ${total} ${plural(total, one, many)}${scope} ${plural(shown, "matches", "match")}`;
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
      chosenNote.textContent = ticked ? `(${ticked} chosen)` : "";
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
