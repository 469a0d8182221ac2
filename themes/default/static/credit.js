// "How to credit this" on a resource page (resource.html): a Copy button for the credit line.
//
// The button is hidden in the HTML and shown here, so it never appears where it cannot work.
// Where the clipboard is not available (an old browser, a page not served over HTTPS), the
// credit line is selected instead, ready for Ctrl+C.

const button = document.getElementById("credit_copy");
const text = document.getElementById("credit_text");
const status = document.getElementById("credit_status");

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
      say("Copied");
    } catch {
      select();
      const mac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
      say(`Selected: press ${mac ? "⌘C" : "Ctrl+C"} to copy`);
    }
  });

  button.hidden = false;
}
