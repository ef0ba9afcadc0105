/* The papers page: live search (ranked, over the build-time index: papers-search.js), facets with
 * live counts, the sort; the view lives in the URL. Started from here: the sort orders and group
 * headings (papers-groups.js), the view shown a page at a time (papers-reveal.js), and the downloads
 * of the current view, copy buttons, abstracts and highlighted matches (papers-tools.js).
 * Without this script the full list shows and CSS hides the tools that need it.
 * Data comes from papers-data.js (JSON) and is only ever set as text (textContent, attributes,
 * Blob contents): no markup is built from it. */
(function () {
  "use strict";
  const list = document.querySelector(".paper-list");
  const form = document.getElementById("paper-filters");
  const data = window.PAPERS_DATA;
  const search = window.PapersSearch;
  /* Each record's fields by their names in ext/site/records.py: record[R.year] is its year. */
  const R = window.PAPERS_RECORD;
  if (!list || !form || !Array.isArray(data) || !search || !window.PAPERS_INDEX || !R || !window.PapersTools
    || !window.PapersReveal || !window.PapersGroups) return;
  const index = new search.Index(window.PAPERS_INDEX, data.length);
  /* The citation as shown, with the names where the list prints "———". */
  const citeText = (el) => (el.querySelector(".paper-full") || el.querySelector(".paper-cite")).textContent;

  /* "Frankle and Carbin 2019": the entry's name for screen readers, from its permalink's label */
  const labelOf = (el) => (el.querySelector(".headerlink")?.getAttribute("aria-label") || "").replace(/^Permalink: /, "");
  const elements = Array.from(list.children).filter((el) => el.classList.contains("paper"));
  const byKey = new Map(elements.map((el) => [el.dataset.key, el]));
  let letter = "Other";
  const items = data.map((record, index) => {
    const el = byKey.get(record[R.key]);
    const heading = el && el.querySelector(":scope > .paper-group");
    if (heading) letter = heading.textContent;
    return {
      el, record, index, letter, label: el ? labelOf(el) : "",
      topics: record[R.topics].map((topic) => topic.toLowerCase()),
      collections: (record[R.collections] || []).map((path) => path.toLowerCase()),
      venue: record[R.venue].toLowerCase(),
      shown: true,
    };
  }).filter((item) => item.el);

  const fieldNames = ["q", "from", "to", "type", "topic", "collection", "status", "sort"];
  const fields = fieldNames.map((name) => form.elements.namedItem(name)).filter(Boolean);
  const field = (name) => form.elements.namedItem(name);
  const value = (name) => { const f = field(name); return f ? f.value.trim() : ""; };
  const count = document.getElementById("pf-count");
  const empty = document.getElementById("pf-empty");
  const yearsNav = document.getElementById("pf-years");
  let venue = "";  // set only by a link (the statistics page), shown as a removable note

  /* ---- the query ---- */
  function wanted() {
    const { terms, phrases } = search.parse(value("q"), index);
    return {
      terms,
      phrases,
      from: Number(value("from")) || null,
      to: Number(value("to")) || null,
      type: value("type"),
      topic: value("topic").toLowerCase(),
      collection: value("collection").toLowerCase(),
      status: value("status"),
      sort: value("sort"),
      venue: venue.toLowerCase(),
    };
  }

  /* A "quoted phrase": its words one after another in the citation, abstract or keywords. */
  function phraseText(item) {
    const withAbstract = item.record[R.abstract] !== undefined;
    if (item.phraseText === undefined || item.phraseHasAbstract !== withAbstract) {
      const text = [citeText(item.el), item.record[R.abstract] || "", ...item.record[R.topics]].join(" ");
      item.phraseText = ` ${search.words(text).join(" ")} `;
      item.phraseHasAbstract = withAbstract;
    }
    return item.phraseText;
  }
  const hasPhrases = (item, phrases) => phrases.every((ws) => phraseText(item).includes(` ${ws.join(" ")}`));

  /* The filters an entry fails, one bit each, so each facet can count what the *other* filters
   * leave: (failed & ~BIT.type) === 0 passes all but the type filter. */
  const BIT = { q: 1, years: 2, type: 4, topic: 8, collection: 16, status: 32, venue: 64 };
  function failed(item, want) {
    const r = item.record;
    let m = 0;
    if (want.found && !(want.found.scores[item.index] > 0 && (!want.phrases.length || hasPhrases(item, want.phrases)))) m |= BIT.q;
    if ((want.from && !(r[R.year] && r[R.year] >= want.from)) || (want.to && !(r[R.year] && r[R.year] <= want.to))) m |= BIT.years;
    if (want.type && r[R.type] !== want.type) m |= BIT.type;
    if (want.topic && !item.topics.includes(want.topic)) m |= BIT.topic;
    if (want.collection && !item.collections.includes(want.collection)) m |= BIT.collection;
    if (want.status && (want.status === "preprint") !== (r[R.preprint] === 1)) m |= BIT.status;
    if (want.venue && item.venue !== want.venue) m |= BIT.venue;
    return m;
  }

  /* ---- sort orders and group headings (papers-groups.js) ---- */
  const groups = window.PapersGroups.start({ list, items, R, yearsNav });
  let order = items;  // the view: the entries that pass every filter, in the order shown

  /* With a search and the list's own order chosen: the best BEST matches first (by score, list
   * order breaking ties), then the other matches in list order. */
  const BEST = 200;
  function arrange(want, matched) {
    if (want.sort !== "" || !want.found) {
      reveal.toTop([]);
      const sorted = groups.sortTo(want.sort);
      order = want.sort === "" ? matched : sorted.filter((item) => item.match);
      return want.sort;
    }
    groups.sortTo("");
    const best = search.best(matched, want.found.scores, BEST);
    reveal.toTop(best);
    const first = new Set(best);
    order = best.concat(matched.filter((item) => !first.has(item)));
    return "relevance";
  }

  /* ---- facet counts ---- */
  function updateOptions(name, counts) {
    const select = field(name);
    if (!select) return;
    for (const option of select.options) {
      if (!option.value) continue;
      const folded = name === "topic" || name === "collection";
      const n = counts.get(folded ? option.value.toLowerCase() : option.value) || 0;
      const text = `${option.dataset.label || option.value} (${n})`;
      if (option.textContent !== text) option.textContent = text;
      option.disabled = n === 0 && !option.selected;
    }
  }

  /* ---- the empty state ---- */
  function button(text, action) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }
  function clear(name) {
    if (name === "venue") venue = "";
    else field(name).value = "";
    apply();
  }
  function explain(want, shown) {
    const parts = [];
    if (want.from && want.to && want.from > want.to) {
      const p = document.createElement("p");
      p.textContent = `“From year” (${want.from}) is after “To year” (${want.to}). `;
      p.append(button("Swap the years", () => {
        const from = field("from").value;
        field("from").value = field("to").value;
        field("to").value = from;
        apply();
      }));
      parts.push(p);
    }
    if (want.found && want.found.corrected.length) {
      const p = document.createElement("p");
      p.textContent = `No word in the list starts with ${want.found.corrected.map(([typed, word]) =>
        `“${typed}”; showing matches for “${word}”`).join(", ")} and similar words.`;
      parts.push(p);
    }
    if (shown === 0) {
      const p = document.createElement("p");
      p.textContent = "No paper matches all of: ";
      const active = [];
      if (value("q")) active.push(["q", `search “${value("q")}”`]);
      if (want.from || want.to) active.push(["years", `years ${want.from || "…"}–${want.to || "…"}`]);
      for (const name of ["type", "topic", "collection", "status"]) {
        if (value(name)) active.push([name, `${name} “${field(name).selectedOptions[0].dataset.label}”`]);
      }
      if (venue) active.push(["venue", `venue “${venue}”`]);
      p.append(active.map((a) => a[1]).join(", ") + ". ");
      for (const [name, label] of active) {
        p.append(button(`Remove ${label}`, () => {
          if (name === "years") { field("from").value = ""; field("to").value = ""; apply(); } else clear(name);
        }));
      }
      const hint = document.createElement("p");
      hint.textContent = "Search looks at authors, title, venue (NeurIPS, ICML … work too), year, DOI, "
        + "arXiv id, citation key, abstract and keywords; every word must start a word there. Try fewer words.";
      parts.push(p, hint);
    }
    // replaced only when it says something else: a button under the pointer must stay in place
    const said = parts.map((part) => part.textContent).join("\n");
    if (said !== empty.dataset.said) {
      empty.dataset.said = said;
      empty.replaceChildren(...parts);
    }
    empty.hidden = parts.length === 0;
  }

  /* ---- what a printed view holds (the form does not print) ---- */
  const printView = document.createElement("p");
  printView.className = "pf-print-view";
  printView.id = "pf-print-view";
  list.before(printView);
  function describeForPrint(shown) {
    const active = [];
    if (value("q")) active.push(`search “${value("q")}”`);
    if (value("from") || value("to")) active.push(`years ${value("from") || "…"}–${value("to") || "…"}`);
    for (const name of ["type", "topic", "collection", "status"]) {
      if (value(name)) active.push(`${name} “${field(name).selectedOptions[0].dataset.label}”`);
    }
    if (venue) active.push(`venue “${venue}”`);
    const text = active.length ? `Showing ${shown} of ${items.length} entries: ${active.join(", ")}.`
      : `All ${items.length} entries.`;
    if (printView.textContent !== text) printView.textContent = text;
  }

  /* ---- apply the view ---- */
  let lastQuery = null;
  let arranged = "";
  let phraseWait = false;
  let inputAt = null;
  function apply() {
    const started = performance.now();
    const want = wanted();
    if (want.phrases.length && data.length && data[0].b === undefined && !phraseWait) {
      phraseWait = true;  // a "phrase" looks in abstracts too: they come with papers-more.js
      loadMore().finally(apply);
      return;
    }
    want.found = want.terms.length ? index.search(want.terms) : null;
    const matched = [];
    const counts = { type: new Map(), topic: new Map(), collection: new Map(), status: new Map() };
    const bump = (map, key) => map.set(key, (map.get(key) || 0) + 1);
    for (const item of items) {
      const m = failed(item, want);
      item.match = m === 0;
      if (item.match) matched.push(item);
      if (m & (m - 1)) continue;  // fails two filters: counted by no facet
      if (!(m & ~BIT.type)) bump(counts.type, item.record[R.type]);
      if (!(m & ~BIT.topic)) for (const topic of item.topics) bump(counts.topic, topic);
      if (!(m & ~BIT.collection)) for (const path of item.collections) bump(counts.collection, path);
      if (!(m & ~BIT.status)) bump(counts.status, item.record[R.preprint] ? "preprint" : "published");
    }
    const shown = matched.length;
    arranged = arrange(want, matched);
    for (const name of ["type", "topic", "collection", "status"]) updateOptions(name, counts[name]);
    const filtering = shown !== items.length || fields.some((f) => f.name !== "sort" && f.value.trim() !== "")
      || Boolean(venue);
    reveal.show(order, filtering || want.sort !== "");
    groups.placeHeadings(arranged, reveal.revealed());
    const note = venue ? ` · venue “${venue}”` : "";
    const text = `Showing ${shown} of ${items.length}${note}`;
    if (count.textContent !== text) count.textContent = text;
    explain(want, shown);
    describeForPrint(shown);
    for (const b of downloads) b.disabled = shown === 0;  // no empty file to save
    const params = new URLSearchParams();
    for (const f of fields) if (f.value.trim()) params.set(f.name, f.value.trim());
    if (venue) params.set("venue", venue);
    const query = params.toString();
    if (query !== lastQuery) {
      lastQuery = query;
      clearTimeout(urlTimer);
      if (typing) urlTimer = setTimeout(keepInUrl, URL_PAUSE); else keepInUrl();
    } else if (!typing && urlTimer) keepInUrl();
    typing = false;
    highlightNow(highlightTerms(want));
    const ms = performance.now() - started;
    const sinceInput = inputAt === null ? null : performance.now() - inputAt;
    inputAt = null;
    document.dispatchEvent(new CustomEvent("papers:filtered",
      { detail: { shown, total: items.length, ms, sinceInput, query } }));
  }

  /* The view in the address bar. While typing in the search box it waits for a pause: each change
   * of the document's address makes Chromium walk every element of the page (25 ms at 20 000
   * entries on a desktop, measured), and it throttles pages that change it too often. */
  const URL_PAUSE = 400;
  let urlTimer = null;
  let typing = false;
  function keepInUrl() {
    clearTimeout(urlTimer);
    urlTimer = null;
    history.replaceState(null, "", lastQuery ? `?${lastQuery}${location.hash}` : location.pathname + location.hash);
  }
  window.addEventListener("pagehide", () => { if (urlTimer) keepInUrl(); });

  let pending = false;
  function schedule(event) {
    typing = event.type === "input" && event.target === field("q");
    if (inputAt === null) inputAt = performance.now();
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; apply(); });
  }

  /* ---- highlighted matches, per-entry tools and downloads (papers-tools.js) ---- */
  const { loadMore, scheduleHighlight, highlightNow, highlightTerms, downloads } = window.PapersTools.start({
    list, items, data, R, labelOf,
    shown: () => order,
    visible: () => reveal.revealed(),
    onAbstractShown: () => scheduleHighlight(highlightTerms(wanted())),
  });
  /* ---- a large view shows a page at a time (papers-reveal.js); a link to an entry reveals it ---- */
  const reveal = window.PapersReveal.start({
    list, items, onChange: () => { groups.placeHeadings(arranged, reveal.revealed()); scheduleHighlight(highlightTerms(wanted())); },
  });

  /* ---- start ---- */
  const params = new URLSearchParams(location.search);
  for (const f of fields) if (params.has(f.name)) f.value = params.get(f.name);
  venue = params.get("venue") || "";
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => { venue = ""; setTimeout(apply, 0); });
  const changed = location.search !== "";
  apply();
  // a link into the list lands on its entry, also one beyond the first page of a long list
  if (location.hash && (changed || reveal.beyond(location.hash))) reveal.goTo(location.hash);
})();
