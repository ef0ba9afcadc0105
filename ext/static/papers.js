/* The papers page: live search and filters over the list, kept in the URL; BibTeX copy buttons.
 * Without this script the full list shows and the filter form stays hidden.
 * Data comes only from the entries' escaped data-* attributes; no markup is built from it. */
(function () {
  "use strict";
  const list = document.querySelector(".paper-list");
  const form = document.getElementById("paper-filters");
  if (!list || !form) return;

  const fold = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const items = Array.from(list.querySelectorAll(".paper"), (el) => ({
    el,
    search: el.dataset.search || "",
    year: Number(el.dataset.year) || null,
    type: el.dataset.type || "",
    topics: JSON.parse(el.dataset.topics || "[]"),  // a JSON list: a topic may hold any character
    preprint: el.dataset.preprint === "1",
    shown: true,
  }));
  const fields = ["q", "from", "to", "type", "topic", "status"]
    .map((name) => form.elements.namedItem(name)).filter(Boolean);
  const count = document.getElementById("pf-count");

  function wanted() {
    const value = (name) => { const field = form.elements.namedItem(name); return field ? field.value.trim() : ""; };
    return {
      terms: fold(value("q")).split(/\s+/).filter(Boolean),
      from: Number(value("from")) || null,
      to: Number(value("to")) || null,
      type: value("type"),
      topic: value("topic"),
      status: value("status"),
    };
  }

  function matches(item, want) {
    if (want.from && !(item.year && item.year >= want.from)) return false;
    if (want.to && !(item.year && item.year <= want.to)) return false;
    if (want.type && item.type !== want.type) return false;
    if (want.topic && !item.topics.includes(want.topic)) return false;
    if (want.status === "preprint" && !item.preprint) return false;
    if (want.status === "published" && item.preprint) return false;
    return want.terms.every((term) => item.search.includes(term));
  }

  function apply() {
    const started = performance.now();
    const want = wanted();
    let shown = 0;
    for (const item of items) {
      const ok = matches(item, want);
      if (ok !== item.shown) { item.el.hidden = !ok; item.shown = ok; }
      if (ok) shown += 1;
    }
    const filtering = shown !== items.length || fields.some((field) => field.value.trim() !== "");
    list.classList.toggle("filtering", filtering);
    count.textContent = `Showing ${shown} of ${items.length}`;
    const params = new URLSearchParams();
    for (const field of fields) if (field.value.trim()) params.set(field.name, field.value.trim());
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}${location.hash}` : location.pathname + location.hash);
    document.dispatchEvent(new CustomEvent("papers:filtered",
      { detail: { shown, total: items.length, ms: performance.now() - started } }));
  }

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; apply(); });
  }

  const params = new URLSearchParams(location.search);
  for (const field of fields) if (params.has(field.name)) field.value = params.get(field.name);
  form.hidden = false;
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(apply, 0));
  apply();

  for (const button of list.querySelectorAll(".paper-copy")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = button.parentElement.querySelector("pre").textContent;
      try {
        await navigator.clipboard.writeText(text);
      } catch (error) {
        const range = document.createRange();
        range.selectNodeContents(button.parentElement.querySelector("pre"));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        document.execCommand("copy");
      }
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = "Copy BibTeX"; }, 1500);
    });
  }
})();
