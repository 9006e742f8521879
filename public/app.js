// Small progressive enhancements (no framework): confirm prompts, copy buttons, charts from JSON data.
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null
  const confirmEl = target?.closest("[data-confirm]")
  if (confirmEl && !window.confirm(confirmEl.getAttribute("data-confirm") || "Are you sure?")) {
    event.preventDefault()
    event.stopImmediatePropagation()
    return
  }
  const copyEl = target?.closest("[data-copy]")
  if (copyEl) {
    navigator.clipboard?.writeText(copyEl.getAttribute("data-copy") || "").then(() => {
      const previous = copyEl.textContent
      copyEl.textContent = "Copied"
      setTimeout(() => (copyEl.textContent = previous), 1200)
    })
  }
})

// <canvas data-chart='{"type":"line","data":{...}}'> : charts are drawn by Chart.js when it is on the page.
function drawCharts(root) {
  if (!window.Chart) return
  root.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    if (canvas.dataset.drawn) return
    canvas.dataset.drawn = "1"
    try {
      const config = JSON.parse(canvas.getAttribute("data-chart"))
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {})
      new window.Chart(canvas, config)
    } catch (err) {
      console.warn("chart config is not valid JSON", err)
    }
  })
}
document.addEventListener("DOMContentLoaded", () => drawCharts(document))
document.addEventListener("htmx:afterSettle", (event) => drawCharts(event.target))
