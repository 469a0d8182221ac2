// A role mailbox (the mailbox macro in _macros.html) is written as separate pieces of text,
// so that simple harvesters reading the page's source never see an address. People and
// screen readers read it whole without this script; with it, each one becomes a link that
// opens the reader's e-mail program. The address is put together here, on the page.

for (const box of document.querySelectorAll("span[data-mailbox]")) {
  const address = box.textContent.replace(/\s+/g, "");
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) continue;
  const link = document.createElement("a");
  link.className = box.className;
  link.href = `${"mail"}to:${address}`;
  link.textContent = address;
  box.replaceWith(link);
}
