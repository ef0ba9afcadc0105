/* The list's tools, started by papers.js: each entry's abstract, BibTeX and copy buttons, and the
 * downloads of the current view (.bib, RIS, CSL-JSON). BibTeX, abstracts, RIS and CSL-JSON come from
 * papers-more.js, loaded on the first use of any of them. As papers.js, it only ever sets data as text.
 * Also the highlighting of matches (CSS Custom Highlight API: no change to the DOM, so no layout).
 * Exposes window.PapersTools = { start }; start() returns
 * { loadMore, scheduleHighlight, highlightNow, highlightTerms, downloads }. */
(function () {
  "use strict";
  /* list: the <ol>; items: the entries ({ el, record, label }); data: the records of papers-data.js;
   * R: the record fields by name (ext/site/records.py); shown(): the entries of the view, in order;
   * visible(): those of them in the page now (a large view is revealed a page at a time);
   * labelOf(el): an entry's name for screen readers; onAbstractShown(): called when an abstract opens. */
  function start({ list, items, data, R, shown, visible, labelOf, onAbstractShown }) {
    const { fold } = window.PapersSearch;
    const NON_WORD = /[^\p{L}\p{N}]+/gu;
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
    let highlighted = { terms: [], key: "" };  // the terms and the entries highlighted now
    const canHighlight = () => Boolean(window.CSS && CSS.highlights && typeof Highlight !== "undefined");
    /* In the next frame: after a scroll, an opened abstract or more entries shown. */
    function scheduleHighlight(terms, scrolled = false) {
      if (!canHighlight()) return;
      if (highlightTimer) cancelAnimationFrame(highlightTimer);
      highlightTimer = requestAnimationFrame(() => highlight(terms, scrolled));
    }
    /* Now, in the frame that shows the new view: highlighted a frame later, a keystroke painted the
     * list twice (30 of 125 ms a keystroke on a throttled phone at 20 000 entries). */
    function highlightNow(terms) {
      if (!canHighlight()) return;
      if (highlightTimer) cancelAnimationFrame(highlightTimer);
      highlight(terms, false);
    }
    /* A view of up to 50 entries is highlighted whole; in a longer one (a page of a long view is
     * 100) only the entries on the screen and a screen's height around it, the others once scrolled
     * to: highlights on hundreds of entries made each keystroke repaint them all. */
    function nearScreen(entries) {
      if (entries.length <= 50) return entries;
      const height = window.innerHeight;
      let lo = 0;
      let hi = entries.length;
      while (lo < hi) {  // the entries are in page order: the first one not above the margin
        const mid = (lo + hi) >> 1;
        if (entries[mid].el.getBoundingClientRect().bottom < -height) lo = mid + 1; else hi = mid;
      }
      let end = lo;
      while (end < entries.length && entries[end].el.getBoundingClientRect().top < 2 * height) end += 1;
      return entries.slice(lo, end);
    }
    window.addEventListener("scroll", () => {
      if (highlighted.terms.length && !highlightTimer) scheduleHighlight(highlighted.terms, true);
    }, { passive: true });
    /* The text nodes a match is looked for in, kept until the entry's abstract is opened. */
    const texts = new WeakMap();
    function textsOf(el) {
      let nodes = texts.get(el);
      if (!nodes) {
        nodes = [];
        for (const block of el.querySelectorAll(".paper-cite, .paper-abstract")) {
          const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
        }
        texts.set(el, nodes);
      }
      return nodes;
    }
    function highlight(terms, scrolled) {
      highlightTimer = null;
      if (!terms.length) { CSS.highlights.delete("papers-match"); highlighted = { terms, key: "" }; return; }
      const near = nearScreen(visible());
      const key = `${terms.join(" ")}|${near.length ? near[0].el.id : ""}|${near.length ? near[near.length - 1].el.id : ""}`;
      if (scrolled && key === highlighted.key) return;  // scrolled within the same entries
      highlighted = { terms, key };
      const ranges = [];
      for (const item of near) {
        for (const node of textsOf(item.el)) {
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
      if (kind === "abstract") { texts.delete(el); onAbstractShown(); }
    }

    list.addEventListener("click", async (event) => {
      const b = event.target.closest("button[data-act], button.paper-copy");
      if (!b) return;
      const el = b.closest(".paper");
      const record = recordOf.get(el);
      if (!record) return;
      if (b.dataset.act === "cite") { copy(citation(el), b, "Copy citation"); return; }
      await loadMore();
      if (b.classList.contains("paper-copy")) copy(record[R.bibtex], b, "Copy BibTeX");
      else if (b.dataset.act === "abstract") toggle(b, el, "abstract", (panel) => {
        const p = document.createElement("p");
        p.textContent = record[R.abstract];
        panel.append(p);
      });
      else if (b.dataset.act === "bibtex") toggle(b, el, "bibtex", (panel) => {
        const pre = document.createElement("pre");
        pre.textContent = record[R.bibtex];
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
      bib: { ext: "bib", type: "application/x-bibtex", body: (rs) => rs.map((r) => r[R.bibtex].trim()).join("\n\n") + "\n" },
      ris: { ext: "ris", type: "application/x-research-info-systems", body: (rs) => rs.map((r) => r[R.ris]).join("\n") },
      csl: { ext: "json", type: "application/vnd.citationstyles.csl+json",
        body: (rs) => `${JSON.stringify(rs.map((r) => r[R.csl]), null, 1)}\n` },
    };
    const downloads = document.querySelectorAll(".pf-dl");
    for (const b of downloads) {
      b.addEventListener("click", async () => {
        await loadMore();
        const format = FORMATS[b.dataset.format];
        const records = shown().map((item) => item.record);
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
    return { loadMore, scheduleHighlight, highlightNow, highlightTerms, downloads };
  }

  window.PapersTools = { start };
})();
