// Forms that post to /cart, sent in place (see README, "Cart and ordering").
const lang = document.documentElement.lang || "de";
const VIEW = "cart-view";

// The server's message, whether it refused, and the cart's piece count.
async function post(form) {
  try {
    const reply = await fetch(`/cart?lang=${lang}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-atelier-fetch": "1" },
      body: new URLSearchParams(new FormData(form)),
    });
    return { message: await reply.text(), refused: !reply.ok, count: reply.headers.get("x-cart-count") };
  } catch {
    return null;
  }
}

// The cart as the server renders it now.
async function refreshCart() {
  try {
    const page = await fetch(`/cart?lang=${lang}`);
    const fresh = new DOMParser().parseFromString(await page.text(), "text/html").getElementById(VIEW);
    if (page.ok && fresh) document.getElementById(VIEW).replaceChildren(...fresh.childNodes);
  } catch {
    // The cart stays as shown.
  }
}

async function send(form) {
  if (form.dataset.sending) return;
  form.dataset.sending = "1";
  const onCartPage = form.closest(`#${VIEW}`) !== null;
  const answer = document.getElementById(onCartPage ? "cart-status" : "cart-answer");
  const focused = document.activeElement && document.activeElement.id;
  const reply = await post(form);
  delete form.dataset.sending;
  if (reply && reply.count !== null) {
    const badge = document.getElementById("cart-count");
    badge.textContent = reply.count;
    badge.dataset.count = reply.count;
  }
  if (reply && !reply.refused && form.dataset.then) {
    window.location.href = form.dataset.then;
    return;
  }
  if (onCartPage) await refreshCart();
  answer.replaceChildren(reply ? reply.message : answer.dataset.failed);
  answer.hidden = false;
  answer.classList.toggle("refused", !reply || reply.refused);
  if (!onCartPage && reply && !reply.refused) {
    const link = document.createElement("a");
    link.href = "/cart";
    link.textContent = answer.dataset.viewCart;
    answer.append(" ", link);
  }
  if (onCartPage) (document.getElementById(focused) || answer).focus();
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.getAttribute("action") !== "/cart") return;
  event.preventDefault();
  send(form);
});

// On the cart page a quantity is sent as soon as it is typed.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.name === "qty" && input.closest(`#${VIEW}`)) {
    input.form.requestSubmit();
  }
});

// The language switch keeps the configuration, which the page's link holds.
document.addEventListener("click", (event) => {
  const link = event.target.closest?.(".lang-switch a");
  if (!link) return;
  const query = new URLSearchParams(location.search);
  query.set("lang", link.hreflang);
  link.search = query;
});

// Pages without islands are ready now (islands mark the page themselves).
if (!document.querySelector("leptos-island")) document.documentElement.dataset.hydrated = "true";
