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

// <button data-print>: prints the page (the CFO console's print stylesheet lays it out for A4/Letter).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print()
})

// Collections worklist keyboard: j/k move, Enter opens the inspector, a/r approve or reject the row's draft, / searches.
document.addEventListener("keydown", (event) => {
  const rows = [...document.querySelectorAll(".worklist-row")]
  if (rows.length === 0 || event.metaKey || event.ctrlKey || event.altKey) return
  const typing = event.target instanceof HTMLElement && event.target.closest("input, textarea, select, [contenteditable]")
  if (typing) return
  let i = rows.findIndex((r) => r.classList.contains("is-cursor"))
  if (i < 0) i = rows.findIndex((r) => r.classList.contains("is-selected"))
  const move = (to) => {
    rows.forEach((r) => r.classList.remove("is-cursor"))
    const row = rows[Math.max(0, Math.min(rows.length - 1, to))]
    row.classList.add("is-cursor")
    row.scrollIntoView({ block: "nearest" })
  }
  if (event.key === "j") move(i + 1)
  else if (event.key === "k") move(i < 0 ? 0 : i - 1)
  else if (event.key === "Enter" && i >= 0) rows[i].querySelector("a.worklist-open")?.click()
  else if (event.key === "/") document.getElementById("worklist-search")?.focus()
  else if ((event.key === "a" || event.key === "r") && i >= 0) {
    const box = rows[i].querySelector("input[name=invoice_ids]")
    const form = document.getElementById("bulk-form")
    if (!box || !form) return
    document.querySelectorAll("input[name=invoice_ids]").forEach((b) => (b.checked = b === box))
    form.querySelector(`button[value=${event.key === "a" ? "approve" : "reject"}]`)?.click()
  } else return
  event.preventDefault()
})
// Keep the indigo highlight on the row whose inspector htmx just opened.
document.addEventListener("htmx:afterSwap", (event) => {
  if (!(event.target instanceof Element) || event.target.id !== "inspector") return
  const id = event.target.querySelector("[data-invoice-id]")?.getAttribute("data-invoice-id")
  document.querySelectorAll(".worklist-row").forEach((r) => r.classList.toggle("is-selected", r.getAttribute("data-invoice") === id))
  document.querySelector(".workspace-grid")?.classList.add("has-inspector")
})

// Forms marked data-swap-errors (the Disputes inspector) show a refusal (4xx) in place: the server answers with the
// fragment and its flash, which htmx would otherwise drop.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status
  const elt = event.detail.requestConfig?.elt
  if (status >= 400 && status < 500 && elt instanceof Element && elt.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true
    event.detail.isError = false
  }
})
