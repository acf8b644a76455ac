// Add-to-cart buttons (on catalog pages) and remove buttons (on the cart page).
function cartApi(path) {
  return `${document.body.dataset.base}/api/v1/storefront/cart${path}`;
}

function flash(text) {
  const box = document.getElementById("flash");
  box.textContent = text;
  box.hidden = false;
}

async function explain(response) {
  const body = await response.json().catch(() => ({}));
  return typeof body.detail === "string" ? body.detail : `request failed (${response.status})`;
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".add-to-cart")) {
    button.addEventListener("click", async () => {
      const response = await fetch(cartApi("/items"), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ product_id: Number(button.dataset.product), quantity: 1 }),
      });
      if (response.ok) {
        const cart = await response.json();
        const count = cart.items.reduce((sum, item) => sum + item.quantity, 0);
        flash(`✓ ${count}`);
        document.body.dataset.cartCount = String(count);
      } else {
        flash(await explain(response));
      }
    });
  }
  for (const button of document.querySelectorAll(".remove-item")) {
    button.addEventListener("click", async () => {
      const response = await fetch(cartApi(`/items/${button.dataset.item}`), {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ quantity: 0 }),
      });
      if (response.ok) window.location.reload();
      else flash(await explain(response));
    });
  }
});
