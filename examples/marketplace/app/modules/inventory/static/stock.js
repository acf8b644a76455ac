// The vendor's stock form: posts an adjustment, then shows the new levels.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("adjust-stock");
  const error = document.getElementById("stock-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const response = await fetch(`${document.body.dataset.base}/api/v1/vendor/inventory/stock/adjust`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sku: data.get("sku"), location: data.get("location"), delta: Number(data.get("delta")) }),
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
