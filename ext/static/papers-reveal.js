/* The view is revealed a page at a time, so a keystroke costs about the same at 20 000 entries as
 * at 452: papers.js works out the whole view (every match, in order; the whole list without a
 * search) and this module shows all of a view of up to WHOLE entries (so the 452-entry list shows
 * whole, and the browser's find finds in all of it); of a longer view its first PAGE entries, PAGE
 * more each time the reader scrolls near the end (or asks), all of them on "Show all" and before
 * printing. PAGE is small because a keystroke's cost is the entries it shows: style, layout and
 * paint of newly shown entries took most of a throttled phone's first keystroke at 20 000 entries
 * (about 0.7 s for 200 of them, 0.45 s for 100; a hundred entries are still ten screens).
 * Every entry stays in the page (without the script the whole list shows): the others carry
 * `hidden`, and only the entries whose state changes are touched, so what a keystroke changes in
 * the page is bounded by WHOLE, not by the list. An entry reached by a link (#ref-<key>) is shown in
 * its place even beyond the revealed part. Also moves the best matches to the top (toTop). An entry
 * whose list prints "———" for the authors of the entry above shows its names instead while the view
 * is filtered or sorted (it may no longer follow that entry): each shown entry says so itself
 * (data-named), since a mark on the list made Chromium look through all its entries for the ones
 * it changes (about 110 ms of a throttled phone's first keystroke at 20 000 entries).
 * Exposes window.PapersReveal = { start }; start() returns
 * { toTop, show, reveal, goTo, beyond, revealed, shownAll }. */
(function () {
  "use strict";
  const WHOLE = 500;
  const PAGE = 100;

  /* list: the <ol>; items: its entries in list order (all shown at first); onChange(): called after entries were revealed (headings, highlights). */
  function start({ list, items, onChange }) {
    let view = [];  // every entry of the view, in order
    let named = false;  // whether the view shows names instead of "———" (filtered or sorted)
    let limit = WHOLE;
    const pinned = new Set();  // entries reached by a link, shown beyond the limit
    let shown = items.slice();  // the entries visible now, in view order

    const bar = document.createElement("p");
    bar.className = "pf-more";
    bar.id = "pf-more";
    bar.hidden = true;
    const said = document.createElement("span");
    const more = document.createElement("button");
    more.type = "button";
    const all = document.createElement("button");
    all.type = "button";
    /* asked for with a button: said to screen readers too (the button stays under the new entries) */
    const announce = document.getElementById("pf-announce");
    const ask = (to) => () => {
      grow(to);
      if (announce) announce.textContent = bar.hidden ? `Showing all ${view.length} entries.` : said.textContent;
    };
    more.addEventListener("click", ask(() => limit + PAGE));
    all.addEventListener("click", ask(() => Infinity));
    bar.append(said, " ", more, " ", all);
    list.after(bar);

    const setText = (el, text) => { if (el.textContent !== text) el.textContent = text; };
    function render() {
      const next = [];
      view.forEach((item, i) => {
        if (i < limit) pinned.delete(item);  // reached by now: no longer beyond the revealed part
        if (i < limit || pinned.has(item)) next.push(item);
      });
      const keep = new Set(next);
      for (const item of shown) if (!keep.has(item)) { item.el.hidden = true; item.shown = false; }
      for (const item of next) {
        if (!item.shown) { item.el.hidden = false; item.shown = true; }
        const names = named && (item.dashed ??= item.el.querySelector(".paper-full") !== null);
        if (Boolean(item.named) !== names) { item.el.toggleAttribute("data-named", names); item.named = names; }
      }
      shown = next;
      const rest = view.length - Math.min(limit, view.length);
      if (bar.hidden !== rest <= 0) bar.hidden = rest <= 0;
      if (rest > 0) {  // set only when it says something else: no layout for the same words
        setText(said, `Showing the first ${Math.min(limit, view.length)} of ${view.length} entries.`);
        setText(more, `Show ${Math.min(PAGE, rest)} more`);
        setText(all, `Show all ${view.length}`);
      }
    }

    function grow(to) {
      if (typeof to === "function") to = to();
      if (to <= limit) return;
      limit = to;
      render();
      onChange();
    }

    /* Near the end of what is shown, the next page comes (before the reader gets there); not while
     * an entry reached by a link shows after the revealed part: the page would push it away. */
    if ("IntersectionObserver" in window) {
      new IntersectionObserver((seen) => {
        if (seen.some((entry) => entry.isIntersecting) && !bar.hidden && !pinned.size) grow(limit + PAGE);
      }, { rootMargin: "0px 0px 100% 0px" }).observe(bar);
    }
    window.addEventListener("beforeprint", () => grow(Infinity));  // a printed view is the whole view

    /* The best matches move to the top of the list; only they move: moving thousands of list items
     * among hidden ones costs Chromium seconds at 20 000 entries. */
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

    function targetOf(hash) {
      let id = hash.slice(1);
      try { id = decodeURIComponent(id); } catch (error) { /* a malformed fragment is taken as it is */ }
      return id ? document.getElementById(id) : null;
    }

    const api = {
      /* Move *best* (entries, best first) to the top of the list, in list order; [] puts all back. */
      toTop(best) {
        if (best.length === moved.length && best.every((item, i) => item === moved[i])) return;
        restore();
        list.prepend(...best.map((item) => item.el));
        moved = best;
      },
      /* Show a view (the whole list too, once the script runs): its first page; the same view
       * again (the search box losing focus fires "change") keeps what was revealed. *byName*: the
       * view is filtered or sorted, so entries show their names instead of "———". */
      show(items, byName) {
        const same = items.length === view.length && items.every((item, i) => item === view[i]);
        view = items;
        named = byName;
        if (!same) { limit = items.length <= WHOLE ? WHOLE : PAGE; pinned.clear(); }
        render();
      },
      /* Make an entry of the view visible where it stands (a link to it); false when not in the view. */
      reveal(el) {
        const item = view.find((candidate) => candidate.el === el);
        if (!item) return false;
        if (!item.shown) { pinned.add(item); render(); onChange(); }
        return true;
      },
      /* Bring the entry a link (#ref-<key>) names to the top of the screen, shown in its place
       * even beyond what is revealed; nothing when the view does not hold it. */
      goTo(hash) {
        const target = targetOf(hash);
        const entry = target && target.closest(".paper");
        if (entry && entry.hidden && !api.reveal(entry)) return;
        if (target) target.scrollIntoView({ block: "start" });
      },
      /* Whether the link names an entry the view holds but does not show yet. */
      beyond(hash) {
        const entry = targetOf(hash)?.closest(".paper");
        return Boolean(entry && entry.hidden && view.some((item) => item.el === entry));
      },
      revealed: () => shown,
      shownAll: () => shown.length === view.length,
    };
    window.addEventListener("hashchange", () => api.goTo(location.hash));
    return api;
  }

  window.PapersReveal = { start };
})();
