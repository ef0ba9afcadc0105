/* The query side of the page's search index (ext/site/searchindex.py writes the index at build time).
 * Words are folded and stemmed as the index folds them; a query word matches the words it starts
 * (a word of up to three letters only itself, when some word is exactly it, so "Han" does not find
 * "Hanson"; never the middle of a word, so "Han" does not find "Zhang"); a word that starts no
 * indexed word is matched by the nearest words of the list's own vocabulary (one typo, two from
 * seven letters), and the page says so. An arXiv id in any written form, a DOI (also as a doi.org
 * link) and a citation key match the entry's identifier as a whole. Every word must match; an
 * entry's score adds, per query word, the weight of the best place it matched (3 title or author,
 * 2 venue, 1 elsewhere), times 1 for the whole word, 0.6 for a word it starts, 0.3 for a typo.
 * Exposes window.PapersSearch = { fold, stem, words, parse, Index, best }. */
(function () {
  "use strict";
  const LETTERS = { "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ħ": "h" };
  const SPECIAL = /[ßøłđðæœıþħ]/g;
  const MARKS = /\p{M}/gu;
  const ASCII = /^[\x00-\x7f]*$/;
  const fold = (text) => {
    const lower = text.toLowerCase();
    return ASCII.test(lower) ? lower : lower.normalize("NFKD").replace(MARKS, "").replace(SPECIAL, (c) => LETTERS[c]);
  };
  const ALPHA = /^\p{L}+$/u;
  function stem(word) {
    if (word.length < 5 || !ALPHA.test(word)) return word;
    if (word.endsWith("ies") && !word.endsWith("aies") && !word.endsWith("eies")) return `${word.slice(0, -3)}y`;
    if (/(?:sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
    if (word.endsWith("s") && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
    return word;
  }
  const WORD = /[\p{L}\p{N}]+/gu;
  const words = (text) => (fold(text).match(WORD) || []).map(stem);
  const JOINED = /^[\p{L}\p{N}]+(?:[-\u2010\u2011'\u2019.][\p{L}\p{N}]+)+$/u;
  const PUNCTUATION = /[^\p{L}\p{N}]/u;
  const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  const ARXIV = /^(?:https?:\/\/)?(?:www\.)?(?:(?:export\.)?arxiv\.org\/(?:abs|pdf)\/|arxiv:)?(\d{4}\.\d{4,5}|[a-z][a-z.-]*\/\d{7})(?:v\d+)?(?:\.pdf)?$/;
  const DOI = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)?(10\.\d{4,9}\/\S+)$/;

  /* The query as terms: {text, whole (an identifier: exact only), words (of a "phrase"), typed}. */
  function parse(query, index) {
    const terms = [];
    const phrases = [];
    const pattern = /"([^"]*)"?|(\S+)/g;
    const text = query.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
    let match;
    while ((match = pattern.exec(text))) {
      if (match[1] !== undefined) {
        const ws = words(match[1]);
        if (ws.length > 1) phrases.push(ws);
        for (const w of ws) terms.push({ text: w, typed: w });
      } else terms.push(...rawTerm(match[2], index));
    }
    return { terms, phrases };
  }
  function rawTerm(raw, index) {
    const t = fold(raw).replace(EDGES, "");
    if (!t) return [];
    const id = ARXIV.exec(t) || DOI.exec(t);
    if (id) return [{ text: id[1], typed: raw, whole: true }];
    if (PUNCTUATION.test(t)) {
      if (index && index.hasPrefix(t)) return [{ text: t, typed: raw }];  // a key, a DOI being typed
      if (JOINED.test(t)) {  // "pre-trained": written together, or its words
        const parts = t.match(WORD).map(stem);
        return [{ text: stem(parts.join("")), typed: raw, parts: parts.map((w) => ({ text: w, typed: w })) }];
      }
    }
    return (t.match(WORD) || []).map((w) => ({ text: stem(w), typed: w }));
  }

  /* Optimal string alignment distance, given up beyond *most*. */
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    let prev2 = null;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const row = [i];
      let low = i;
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        row.push(d);
        if (d < low) low = d;
      }
      if (low > most) return most + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  class Index {
    constructor(data, size) {
      this.vocabulary = data.w;
      this.encoded = data.p;
      this.size = size;
      this.decoded = new Map();
      this.last = new Map();
      this.next = new Map();
    }
    /* First position whose word is >= text (JavaScript string order, as the build sorted). */
    lower(text) {
      let lo = 0;
      let hi = this.vocabulary.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.vocabulary[mid] < text) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
    hasPrefix(text) {
      const at = this.lower(text);
      return at < this.vocabulary.length && this.vocabulary[at].startsWith(text);
    }
    postings(position) {
      let list = this.decoded.get(position);
      if (!list) {
        list = [];
        let index = 0;
        for (const part of this.encoded[position].split(",")) {
          const code = parseInt(part, 36);
          index += code >> 2;
          list.push(index, code & 3);
        }
        this.decoded.set(position, list);
      }
      return list;
    }
    /* The vocabulary positions a term matches, each with its factor; and the word used for a typo. */
    positions(term) {
      const at = this.lower(term.text);
      const exact = at < this.vocabulary.length && this.vocabulary[at] === term.text;
      if (term.whole || (exact && term.text.length <= 3 && term.text.length > 1)) return { found: exact ? [[at, 1]] : [] };
      const found = [];
      const plain = !PUNCTUATION.test(term.text);  // "2019" starts no key such as "2019-frankle"
      for (let i = at; i < this.vocabulary.length && this.vocabulary[i].startsWith(term.text); i += 1) {
        if (plain && i !== at && PUNCTUATION.test(this.vocabulary[i])) continue;
        found.push([i, i === at && exact ? 1 : 0.6]);
      }
      if (found.length || term.text.length < 4 || !ALPHA.test(term.text)) return { found };
      return this.nearest(term.text);
    }
    nearest(text) {
      const most = text.length >= 7 ? 2 : 1;
      const first = this.lower(text[0]);
      let best = null;
      const found = [];
      for (let i = first; i < this.vocabulary.length && this.vocabulary[i][0] === text[0]; i += 1) {
        const word = this.vocabulary[i];
        const d = distance(text, word, most);
        if (d > most) continue;
        found.push([i, 0.3]);
        const weight = this.encoded[i].length;
        if (!best || d < best.d || (d === best.d && weight > best.weight)) best = { d, weight, word };
      }
      return { found, instead: best && best.word };
    }
    /* Each entry's best score for one term (0: no match). */
    scores(term, corrected) {
      const { found, instead } = this.positions(term);
      if (instead && !term.parts) corrected.push([term.typed, instead]);
      const best = new Float32Array(this.size);
      for (const [position, factor] of found) {
        const list = this.postings(position);
        for (let k = 0; k < list.length; k += 2) {
          const score = list[k + 1] * factor;
          if (score > best[list[k]]) best[list[k]] = score;
        }
      }
      return best;
    }
    /* One term's best score per entry, and its typo corrections. Kept for the next keystroke, which
     * mostly repeats all but the last term ("lottery tick" after "lottery tic"): only new terms cost. */
    termScores(term) {
      const key = `${term.whole ? "=" : ""}${term.text}${term.parts ? `|${term.parts.map((p) => p.text).join(" ")}` : ""}`;
      let done = this.last.get(key);
      if (!done) {
        const corrected = [];
        const best = this.scores(term, corrected);
        if (term.parts) {
          const each = term.parts.map((part) => this.scores(part, []));
          for (let i = 0; i < this.size; i += 1) {
            const all = each.every((s) => s[i] > 0) ? each.reduce((sum, s) => sum + s[i], 0) / each.length : 0;
            if (all > best[i]) best[i] = all;
          }
        }
        done = { best, corrected };
      }
      this.next.set(key, done);
      return done;
    }
    /* Scores (0: no match) of every entry for the terms, and the typos corrected: [[typed, word]]. */
    search(terms) {
      const total = new Float32Array(this.size);
      const corrected = [];
      let first = true;
      this.next = new Map();
      for (const term of terms) {
        const done = this.termScores(term);
        const best = done.best;
        corrected.push(...done.corrected);
        for (let i = 0; i < this.size; i += 1) total[i] = best[i] && (first || total[i]) ? total[i] + best[i] : 0;
        first = false;
      }
      this.last = this.next;  // the terms of this query only: the memory stays small
      return { scores: total, corrected };
    }
  }

  /* The *n* highest-scoring of the matches (items with an .index into *scores*, in list order; list
   * order breaks ties) without sorting every match: scores take few values, so the matches are
   * bucketed by score and the top buckets taken. */
  function best(matched, scores, n) {
    const buckets = new Map();
    for (const item of matched) {
      const score = scores[item.index];
      const bucket = buckets.get(score);
      if (bucket) bucket.push(item); else buckets.set(score, [item]);
    }
    const top = [];
    for (const score of [...buckets.keys()].sort((a, b) => b - a)) {
      top.push(...buckets.get(score).slice(0, n - top.length));
      if (top.length === n) break;
    }
    return top;
  }

  window.PapersSearch = { fold, stem, words, parse, Index, best };
})();
