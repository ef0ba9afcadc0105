/* The papers page: live search (ranked, over the build-time index: papers-search.js), facets with
 * live counts, sort, downloads of the current view, copy buttons, abstracts, highlighted matches;
 * the view lives in the URL.
 * Without this script the full list shows and CSS hides the tools that need it.
 * Data comes from papers-data.js (JSON) and is only ever set as text (textContent, attributes,
 * Blob contents): no markup is built from it. */
(function () {
  "use strict";
  const list = document.querySelector(".paper-list");
  const form = document.getElementById("paper-filters");
  const data = window.PAPERS_DATA;
  const search = window.PapersSearch;
  if (!list || !form || !Array.isArray(data) || !search || !window.PAPERS_INDEX) return;
  const index = new search.Index(window.PAPERS_INDEX, data.length);
  const { fold } = search;
  const NON_WORD = /[^\p{L}\p{N}]+/gu;
  /* The citation as shown, with the names where the list prints "———". */
  const citeText = (el) => (el.querySelector(".paper-full") || el.querySelector(".paper-cite")).textContent;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  /* "Frankle and Carbin 2019": the entry's name for screen readers, from its permalink's label */
  const labelOf = (el) => (el.querySelector(".headerlink")?.getAttribute("aria-label") || "").replace(/^Permalink: /, "");
  const elements = Array.from(list.children).filter((el) => el.classList.contains("paper"));
  const byKey = new Map(elements.map((el) => [el.dataset.key, el]));
  let letter = "Other";
  const items = data.map((record, index) => {
    const el = byKey.get(record.k);
    const heading = el && el.querySelector(":scope > .paper-group");
    if (heading) letter = heading.textContent;
    return {
      el, record, index, letter, label: el ? labelOf(el) : "",
      topics: record.p.map((topic) => topic.toLowerCase()),
      collections: (record.g || []).map((path) => path.toLowerCase()),
      venue: record.v.toLowerCase(),
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
    const withAbstract = item.record.x !== undefined;
    if (item.phraseText === undefined || item.phraseHasAbstract !== withAbstract) {
      const text = [citeText(item.el), item.record.x || "", ...item.record.p].join(" ");
      item.phraseText = ` ${search.words(text).join(" ")} `;
      item.phraseHasAbstract = withAbstract;
    }
    return item.phraseText;
  }
  const hasPhrases = (item, phrases) => phrases.every((ws) => phraseText(item).includes(` ${ws.join(" ")}`));

  /* Each filter on its own, so each facet can count what the *other* filters leave. */
  function tests(item, want) {
    const r = item.record;
    return {
      q: !want.found || (want.found.scores[item.index] > 0 && (!want.phrases.length || hasPhrases(item, want.phrases))),
      years: !(want.from && !(r.y && r.y >= want.from)) && !(want.to && !(r.y && r.y <= want.to)),
      type: !want.type || r.t === want.type,
      topic: !want.topic || item.topics.includes(want.topic),
      collection: !want.collection || item.collections.includes(want.collection),
      status: !want.status || (want.status === "preprint") === (r.r === 1),
      venue: !want.venue || item.venue === want.venue,
    };
  }
  const passesAll = (t, except) => Object.keys(t).every((name) => name === except || t[name]);

  /* ---- sorting and group headings ---- */
  const headings = new Map();
  for (const item of items) {
    const h = item.el.querySelector(":scope > .paper-group");
    if (h) headings.set(`author:${h.textContent}`, h);
  }
  function heading(key, id, text) {
    let h = headings.get(key);
    if (!h) {
      h = document.createElement("h3");
      h.className = "paper-group";
      h.id = id;
      h.textContent = text;
      headings.set(key, h);
    }
    return h;
  }
  function groupOf(item, sort) {
    const r = item.record;
    if (sort === "relevance") return null;  // best matches first: no groups
    if (sort === "year-desc" || sort === "year-asc") {
      const label = r.y ? String(r.y) : "Undated";
      return heading(`year:${label}`, `year-${label.toLowerCase()}`, label);
    }
    if (sort === "title") {
      const first = r.i || "Other";
      return heading(`title:${first}`, `title-${first.toLowerCase()}`, first);
    }
    if (sort === "collection") {  // an entry in several collections shows under the first
      const label = r.g && r.g.length ? r.g[0] : "In no collection";
      return heading(`collection:${label}`, `collection-${item.collectionRank}`, label);
    }
    if (sort === "added") {
      const label = r.a ? `Added ${MONTHS[Number(r.a.slice(5, 7)) - 1]} ${r.a.slice(0, 4)}` : "Date added unknown";
      return heading(`added:${label}`, `added-${(r.a || "unknown").slice(0, 7)}`, label);
    }
    return heading(`author:${item.letter}`, `group-${item.letter.toLowerCase()}`, item.letter);
  }
  const ORDERS = {
    "": (a, b) => a.index - b.index,
    "year-desc": (a, b) => (b.record.y || -1) - (a.record.y || -1) || a.index - b.index,
    "year-asc": (a, b) => (a.record.y || 1e9) - (b.record.y || 1e9) || a.index - b.index,
    title: (a, b) => a.record.o - b.record.o,  // o: the rank in title order, worked out at build time
    collection: (a, b) => a.collectionRank - b.collectionRank || a.index - b.index,
    added: (a, b) => (a.record.a < b.record.a ? 1 : a.record.a > b.record.a ? -1 : a.index - b.index),
  };
  /* Collection order: by the first collection's path, level by level; entries in none last. */
  const paths = [...new Set(items.map((item) => (item.record.g || [])[0]).filter(Boolean))]
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  const rank = new Map(paths.map((path, i) => [path, i]));
  for (const item of items) {
    const first = (item.record.g || [])[0];
    item.collectionRank = first ? rank.get(first) : paths.length;
  }
  let order = items;
  let currentSort = "";
  function sortTo(sort) {
    if (sort === currentSort) return;
    currentSort = sort;
    order = items.slice().sort(ORDERS[sort] || ORDERS[""]);
    list.append(...order.map((item) => item.el));
  }

  /* With a search and the list's own order chosen: the best matches first (by score, list order
   * breaking ties), then the other matches in list order. Only the first BEST entries move: moving
   * thousands of list items among hidden ones costs Chromium seconds at 20 000 entries. */
  const BEST = 200;
  let moved = [];  // the entries moved to the top, best first
  const position = new Map(items.map((item, i) => [item, i]));
  function restore() {  // back to list order, the last first, so each one's successor is in place
    const away = new Set(moved);
    for (const item of moved.slice().sort((a, b) => position.get(b) - position.get(a))) {
      away.delete(item);
      let next = null;
      for (let i = position.get(item) + 1; i < items.length && !next; i += 1) if (!away.has(items[i])) next = items[i];
      list.insertBefore(item.el, next ? next.el : null);
    }
    moved = [];
  }
  function arrange(want, shownItems) {
    if (want.sort !== "" || !want.found) {
      if (moved.length) { restore(); order = items; }
      sortTo(want.sort);
      return want.sort;
    }
    sortTo("");
    const scores = want.found.scores;
    const best = shownItems.slice().sort((a, b) => scores[b.index] - scores[a.index] || a.index - b.index)
      .slice(0, BEST);
    if (best.length !== moved.length || best.some((item, i) => item !== moved[i])) {
      restore();
      list.prepend(...best.map((item) => item.el));
      moved = best;
    }
    const first = new Set(best);
    order = best.concat(items.filter((item) => item.shown && !first.has(item)));
    return "relevance";
  }

  function placeHeadings(sort) {
    const used = new Set();
    for (const item of order) {
      if (!item.shown) continue;
      const h = groupOf(item, sort);
      if (!h || used.has(h)) continue;
      used.add(h);
      if (item.el.firstElementChild !== h) item.el.prepend(h);
    }
    for (const h of headings.values()) if (!used.has(h) && h.parentNode) h.remove();
    const byYear = sort === "year-desc" || sort === "year-asc";
    yearsNav.hidden = !byYear;
    if (byYear) {
      const links = Array.from(used, (h) => {
        const a = document.createElement("a");
        a.href = `#${h.id}`;
        a.textContent = h.textContent;
        return a;
      });
      const label = document.createElement("span");
      label.textContent = "Jump to year:";
      yearsNav.replaceChildren(label, ...links);
    }
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
    const shownItems = [];
    const counts = { type: new Map(), topic: new Map(), collection: new Map(), status: new Map() };
    const bump = (map, key) => map.set(key, (map.get(key) || 0) + 1);
    for (const item of items) {
      const t = tests(item, want);
      const ok = passesAll(t);
      if (ok !== item.shown) { item.el.hidden = !ok; item.shown = ok; }
      if (ok) shownItems.push(item);
      if (passesAll(t, "type")) bump(counts.type, item.record.t);
      if (passesAll(t, "topic")) for (const topic of item.topics) bump(counts.topic, topic);
      if (passesAll(t, "collection")) for (const path of item.collections) bump(counts.collection, path);
      if (passesAll(t, "status")) bump(counts.status, item.record.r ? "preprint" : "published");
    }
    const shown = shownItems.length;
    const arranged = arrange(want, shownItems);
    for (const name of ["type", "topic", "collection", "status"]) updateOptions(name, counts[name]);
    const filtering = shown !== items.length || fields.some((f) => f.name !== "sort" && f.value.trim() !== "")
      || Boolean(venue);
    list.classList.toggle("filtering", filtering || want.sort !== "");
    placeHeadings(arranged);
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
      history.replaceState(null, "", query ? `?${query}${location.hash}` : location.pathname + location.hash);
    }
    const ms = performance.now() - started;
    const sinceInput = inputAt === null ? null : performance.now() - inputAt;
    inputAt = null;
    document.dispatchEvent(new CustomEvent("papers:filtered",
      { detail: { shown, total: items.length, ms, sinceInput, query } }));
    scheduleHighlight(highlightTerms(want));
  }

  let pending = false;
  function schedule() {
    if (inputAt === null) inputAt = performance.now();
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; apply(); });
  }

  /* ---- highlighted matches (CSS Custom Highlight API: no change to the DOM, so no layout) ---- */
  const foldedText = new WeakMap();
  function foldNode(node) {
    let folded = foldedText.get(node);
    if (folded) return folded;
    const text = node.data;
    if (/^[\x00-\x7f]*$/.test(text)) {
      folded = { text: text.toLowerCase().replace(/[^a-z0-9]/g, " "), map: null };
    } else {
      let out = "";
      const map = [];
      for (let i = 0; i < text.length; i += 1) {
        const piece = fold(text[i]).replace(NON_WORD, " ") || "";
        for (let j = 0; j < piece.length; j += 1) map.push(i);
        out += piece;
      }
      folded = { text: out, map };
    }
    foldedText.set(node, folded);
    return folded;
  }
  let highlightTimer = null;
  const highlightTerms = (want) => [...new Set([...want.terms.map((term) => term.text),
    ...(want.found ? want.found.corrected.map(([, word]) => word) : [])])].filter((t) => t.length > 1);
  function scheduleHighlight(terms) {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    if (highlightTimer) cancelAnimationFrame(highlightTimer);
    highlightTimer = requestAnimationFrame(() => highlight(terms));
  }
  function highlight(terms) {
    highlightTimer = null;
    if (!terms.length) { CSS.highlights.delete("papers-match"); return; }
    const ranges = [];
    for (const item of order) {
      if (!item.shown) continue;
      for (const block of item.el.querySelectorAll(".paper-cite, .paper-abstract")) {
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const { text, map } = foldNode(node);
          for (const term of terms) {
            for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + term.length)) {
              if (at > 0 && text[at - 1] !== " ") continue;  // only at the start of a word, as search matches
              const start = map ? map[at] : at;
              const end = map ? map[at + term.length - 1] + 1 : at + term.length;
              // static, not live: thousands of live Ranges would make every move of an entry slow
              const range = new StaticRange({ startContainer: node, startOffset: start, endContainer: node, endOffset: end });
              ranges.push(range);
            }
          }
        }
      }
    }
    CSS.highlights.set("papers-match", new Highlight(...ranges));
  }

  /* ---- BibTeX, abstracts, RIS and CSL-JSON: papers-more.js, loaded on first use ---- */
  let more = null;
  function loadMore() {
    if (!more) {
      more = new Promise((resolve, reject) => {
        const index = document.querySelector('script[src*="papers-data.js"]');
        const script = document.createElement("script");
        const url = new URL(index.src);
        url.pathname = url.pathname.replace(/papers-data\.js$/, "papers-more.js");
        url.search = `?v=${window.PAPERS_MORE_V || ""}`;
        script.src = url.href;
        script.onload = () => {
          const extra = window.PAPERS_MORE || [];
          data.forEach((record, i) => Object.assign(record, extra[i]));  // same order as papers-data.js
          resolve();
        };
        script.onerror = () => { more = null; reject(new Error("papers-more.js did not load")); };
        document.head.append(script);
      });
    }
    return more;
  }

  /* The citation as shown (with the names when the list prints "———"), without the permalink. */
  function citation(el) {
    const p = el.querySelector(".paper-full") || el.querySelector(".paper-cite");
    const copy = p.cloneNode(true);
    for (const link of copy.querySelectorAll(".headerlink")) link.remove();
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  /* ---- per-entry tools: abstract, BibTeX, copy citation ---- */
  const recordOf = new Map(items.map((item) => [item.el, item.record]));
  const VERBS = { abstract: "Abstract of", bibtex: "BibTeX of", cite: "Copy citation of" };
  for (const item of items) {
    for (const b of item.el.querySelectorAll("button[data-act]")) {
      b.type = "button";
      b.setAttribute("aria-label", `${VERBS[b.dataset.act]} ${item.label}`);
      if (b.dataset.act !== "cite") b.setAttribute("aria-expanded", "false");
    }
  }

  const announce = document.getElementById("pf-announce");
  async function copy(text, b, label) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      const area = document.createElement("textarea");
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    b.textContent = "Copied";
    if (announce) announce.textContent = `Copied ${(b.getAttribute("aria-label") || label).replace(/^Copy /, "")}`;
    setTimeout(() => { b.textContent = label; }, 1500);
  }

  function toggle(b, el, kind, fill) {
    const id = `${el.id}:${kind}`; // anchors encode ":", so no entry's id can be a panel's
    let panel = document.getElementById(id);
    if (!panel) {
      panel = document.createElement("div");
      panel.id = id;
      panel.className = `paper-${kind}`;
      fill(panel);
      panel.hidden = true;
      el.append(panel);
      b.setAttribute("aria-controls", id);
    }
    panel.hidden = !panel.hidden;
    b.setAttribute("aria-expanded", String(!panel.hidden));
    if (kind === "abstract") scheduleHighlight(highlightTerms(wanted()));
  }

  list.addEventListener("click", async (event) => {
    const b = event.target.closest("button[data-act], button.paper-copy");
    if (!b) return;
    const el = b.closest(".paper");
    const record = recordOf.get(el);
    if (!record) return;
    if (b.dataset.act === "cite") { copy(citation(el), b, "Copy citation"); return; }
    await loadMore();
    if (b.classList.contains("paper-copy")) copy(record.b, b, "Copy BibTeX");
    else if (b.dataset.act === "abstract") toggle(b, el, "abstract", (panel) => {
      const p = document.createElement("p");
      p.textContent = record.x;
      panel.append(p);
    });
    else if (b.dataset.act === "bibtex") toggle(b, el, "bibtex", (panel) => {
      const pre = document.createElement("pre");
      pre.textContent = record.b;
      const c = document.createElement("button");
      c.type = "button";
      c.className = "paper-copy";
      c.textContent = "Copy BibTeX";
      c.setAttribute("aria-label", `Copy BibTeX of ${labelOf(el)}`);
      panel.append(pre, c);
    });
  });

  /* ---- downloads of the current view ---- */
  const FORMATS = {
    bib: { ext: "bib", type: "application/x-bibtex", body: (rs) => rs.map((r) => r.b.trim()).join("\n\n") + "\n" },
    ris: { ext: "ris", type: "application/x-research-info-systems", body: (rs) => rs.map((r) => r.ris).join("\n") },
    csl: { ext: "json", type: "application/vnd.citationstyles.csl+json",
      body: (rs) => `${JSON.stringify(rs.map((r) => r.csl), null, 1)}\n` },
  };
  const downloads = document.querySelectorAll(".pf-dl");
  for (const b of downloads) {
    b.addEventListener("click", async () => {
      await loadMore();
      const format = FORMATS[b.dataset.format];
      const records = order.filter((item) => item.shown).map((item) => item.record);
      const url = URL.createObjectURL(new Blob([format.body(records)], { type: format.type }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `papers-${records.length}.${format.ext}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    });
  }

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
  if (changed && location.hash) {
    let id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (error) { /* a malformed fragment is taken as it is */ }
    const target = document.getElementById(id);
    if (target) target.scrollIntoView({ block: "start" });
  }
})();
