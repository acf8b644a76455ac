// The vendor's products form: adds a product, then shows the list again.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("add-product");
  const error = document.getElementById("product-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const response = await fetch(`${document.body.dataset.base}/api/v1/vendor/catalog/products`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        sku: data.get("sku"),
        name: data.get("name"),
        description: data.get("description") || "",
        price_cents: Math.round(Number(data.get("price")) * 100),
      }),
    });
    if (response.ok) {
      window.location.reload();
    } else {
      const body = await response.json();
      error.textContent = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      error.hidden = false;
    }
  });
});
