/* The list's sort orders and its group headings (the authors' first letter, the year, the title's
 * first letter, the first collection, the month added), for papers.js, which works out the view.
 * Only the sort moves entries in the page (all of them, once per sort chosen); a heading goes
 * before the first revealed entry of its group, so a view shown a page at a time (papers-reveal.js)
 * has the headings of what it shows. The author headings are the page's own (the list without the
 * script shows them); the others are made on first use. Data is only ever set as text.
 * Exposes window.PapersGroups = { start }; start() returns { sortTo, placeHeadings }. */
(function () {
  "use strict";
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  /* list: the <ol>; items: its entries in list order ({ el, record, index, letter }); R: the record
   * fields by name (ext/site/records.py); yearsNav: the "Jump to year" links. */
  function start({ list, items, R, yearsNav }) {
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
        const label = r[R.year] ? String(r[R.year]) : "Undated";
        return heading(`year:${label}`, `year-${label.toLowerCase()}`, label);
      }
      if (sort === "title") {
        const first = r[R.titleLetter] || "Other";
        return heading(`title:${first}`, `title-${first.toLowerCase()}`, first);
      }
      if (sort === "collection") {  // an entry in several collections shows under the first
        const label = r[R.collections] && r[R.collections].length ? r[R.collections][0] : "In no collection";
        return heading(`collection:${label}`, `collection-${item.collectionRank}`, label);
      }
      if (sort === "added") {
        const label = r[R.added] ? `Added ${MONTHS[Number(r[R.added].slice(5, 7)) - 1]} ${r[R.added].slice(0, 4)}` : "Date added unknown";
        return heading(`added:${label}`, `added-${(r[R.added] || "unknown").slice(0, 7)}`, label);
      }
      return heading(`author:${item.letter}`, `group-${item.letter.toLowerCase()}`, item.letter);
    }
    const ORDERS = {
      "": (a, b) => a.index - b.index,
      "year-desc": (a, b) => (b.record[R.year] || -1) - (a.record[R.year] || -1) || a.index - b.index,
      "year-asc": (a, b) => (a.record[R.year] || 1e9) - (b.record[R.year] || 1e9) || a.index - b.index,
      title: (a, b) => a.record[R.titleRank] - b.record[R.titleRank],  // the rank in title order, worked out at build time
      collection: (a, b) => a.collectionRank - b.collectionRank || a.index - b.index,
      added: (a, b) => (a.record[R.added] < b.record[R.added] ? 1 : a.record[R.added] > b.record[R.added] ? -1 : a.index - b.index),
    };
    /* Collection order: by the first collection's path, level by level; entries in none last. */
    const paths = [...new Set(items.map((item) => (item.record[R.collections] || [])[0]).filter(Boolean))]
      .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const rank = new Map(paths.map((path, i) => [path, i]));
    for (const item of items) {
      const first = (item.record[R.collections] || [])[0];
      item.collectionRank = first ? rank.get(first) : paths.length;
    }
    let sorted = items;  // every entry, in the order of the sort chosen (and so in the page)
    let currentSort = "";
    /* Every entry in the order of *sort* ("": the list's own), moved there in the page. */
    function sortTo(sort) {
      if (sort !== currentSort) {
        currentSort = sort;
        sorted = items.slice().sort(ORDERS[sort] || ORDERS[""]);
        list.append(...sorted.map((item) => item.el));
      }
      return sorted;
    }

    /* The headings of the groups the revealed entries (in page order) fall in, before the first
     * entry of each; the years to jump to when the view is sorted by year. */
    function placeHeadings(sort, revealed) {
      const used = new Set();
      for (const item of revealed) {
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

    return { sortTo, placeHeadings };
  }

  window.PapersGroups = { start };
})();
