// "How to credit this" on a resource page (resource.html): a Copy button for the credit line.
//
// The button is hidden in the HTML and shown here, so it never appears where it cannot work.
// Where the clipboard is not available (an old browser, a page not served over HTTPS), the
// credit line is selected instead, ready for Ctrl+C.

const button = document.getElementById("credit_copy");
const text = document.getElementById("credit_text");
const status = document.getElementById("credit_status");

// The words this script says, in English; on a page in another language the theme gives
// them in that language (sharesite/strings/<lang>.toml, the `js.` keys) as JSON in
// #ss-strings, merged over these. A value of plural forms is chosen by `count` with the
// page language's rules; "{name}" is filled in from `named`.
const STRINGS = {
  "credit.copied": "Copied",
  "credit.selected": "Selected: press {keys} to copy",
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

if (button && text) {
  let timer = 0;

  const say = (message) => {
    if (!status) return;
    window.clearTimeout(timer);
    // Empty first, so that saying the same thing twice is announced twice.
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = message;
      timer = window.setTimeout(() => {
        status.textContent = "";
      }, 6000);
    }, 50);
  };

  const select = () => {
    const range = document.createRange();
    range.selectNodeContents(text);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };

  button.addEventListener("click", async () => {
    const line = text.textContent.trim();
    try {
      await navigator.clipboard.writeText(line);
      say(t("credit.copied"));
    } catch {
      select();
      const mac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
      say(t("credit.selected", { keys: mac ? "⌘C" : "Ctrl+C" }));
    }
  });

  button.hidden = false;
}
