// The cart page with JavaScript: the cart's own forms are sent in place
// (a quantity as soon as it is typed) to the address they post to without
// JavaScript, and the cart is then shown as the server renders it again.
// No rules live here; the server decides everything and words every
// answer. (Not an island: one more island adds about 6 KB to the wasm of
// every configurator page.)
const VIEW = "cart-view";
const STATUS = "cart-status";
const lang = document.documentElement.lang || "de";

async function send(form) {
  const status = document.getElementById(STATUS);
  const focused = document.activeElement && document.activeElement.id;
  let message = status.dataset.failed;
  let refused = true;
  try {
    const reply = await fetch(`/cart?lang=${lang}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-atelier-fetch": "1" },
      body: new URLSearchParams(new FormData(form)),
    });
    message = await reply.text();
    refused = !reply.ok;
    const count = reply.headers.get("x-cart-count");
    const badge = document.getElementById("cart-count");
    if (count !== null && badge) {
      badge.textContent = count;
      badge.dataset.count = count;
    }
  } catch {
    // The message says the change could not be sent.
  }
  try {
    const page = await fetch(`/cart?lang=${lang}`);
    const fresh = new DOMParser().parseFromString(await page.text(), "text/html").getElementById(VIEW);
    if (page.ok && fresh) document.getElementById(VIEW).replaceChildren(...fresh.childNodes);
  } catch {
    // The cart stays as shown; the message says what happened.
  }
  status.textContent = message;
  status.hidden = false;
  status.classList.toggle("refused", refused);
  (document.getElementById(focused) || status).focus();
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.closest(`#${VIEW}`)) return;
  event.preventDefault();
  send(form);
});

document.addEventListener("change", (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.name === "qty" && input.closest(`#${VIEW}`)) {
    input.form.requestSubmit();
  }
});

document.documentElement.dataset.hydrated = "true";
