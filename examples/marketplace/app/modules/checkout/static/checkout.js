// The checkout form: posts to the checkout API, then shows the order or the reason.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("checkout-form");
  if (!form) return;
  const error = document.getElementById("checkout-error");
  const base = document.body.dataset.base;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const pay = document.getElementById("pay");
    pay.disabled = true;
    error.hidden = true;
    const response = await fetch(`${base}/api/v1/storefront/checkout/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: data.get("name"), email: data.get("email") }),
    });
    const body = await response.json().catch(() => ({}));
    pay.disabled = false;
    if (response.status === 201) {
      form.hidden = true;
      document.getElementById("order-number").textContent = body.number;
      const link = document.getElementById("see-orders");
      link.href = `${base}/storefront/orders?lang=${document.body.dataset.locale}`;
      document.getElementById("checkout-result").hidden = false;
    } else {
      error.textContent = typeof body.detail === "string" ? body.detail : `checkout failed (${response.status})`;
      error.hidden = false;
    }
  });
});
