// The rows of an alignment, drawn only near the screen (the reading view and the editor
// share it). A list of N rows keeps each row's height (measured once drawn, estimated
// before) and their offsets; it puts in the page the rows on the screen and MARGIN on each
// side, each at its offset in a box as tall as all of them, in their order, and drops the
// others. A book of 30,000 rows costs what a chapter does. The caller says what is at each
// position: ``key(p)`` (a row is redrawn only when its key changes), ``draw(p)`` (a new row
// element), ``place(row, p)`` (set what depends on the position: its number, selection).
window.AlignerRows = function (box, options) {
  'use strict';
  const MARGIN = options.margin || 20;
  // key -> row element: weak for keys that are objects (the editor's beads), else kept for
  // up to KEEP rows (the view's numbers), the ones dropped from the page going first.
  const KEEP = 3000;
  const cache = options.weak ? new WeakMap() : new Map();
  let heights = [], offsets = [0], drawn = new Map(), estimate = 56;

  function place() {
    offsets = new Array(heights.length + 1);
    offsets[0] = 0;
    for (let k = 0; k < heights.length; k++) { offsets[k + 1] = offsets[k] + heights[k]; }
    box.style.height = offsets[heights.length] + 'px';
  }

  function first(y) {  // the first position whose bottom is below y
    let lo = 0, hi = heights.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (offsets[mid + 1] <= y) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }

  function top() { return box.getBoundingClientRect().top + scrollY; }

  // Draw what is near the screen, measure it, drop the rest.
  function layout() {
    place();
    const y = scrollY - top();
    const from = Math.max(0, first(y) - MARGIN), to = Math.min(heights.length, first(y + innerHeight) + 1 + MARGIN);
    const keep = new Map();
    for (let p = from; p < to; p++) {
      const key = options.key(p);
      let row = cache.get(key);
      if (!row) { row = options.draw(p); row.alignerKey = key; cache.set(key, row); }
      keep.set(p, row);
    }
    const kept = new Set(keep.values());
    for (const row of drawn.values()) {
      if (kept.has(row)) { continue; }
      row.remove();
      if (!options.weak && cache.size > KEEP) { cache.delete(row.alignerKey); }
    }
    let previous = null;
    for (const [p, row] of keep) {
      const next = previous ? previous.nextSibling : box.firstChild;
      if (next !== row) { box.insertBefore(row, next); }
      previous = row;
      options.place(row, p);
      row.style.top = offsets[p] + 'px';
    }
    drawn = keep;
    let moved = false, total = 0;
    for (const [p, row] of drawn) {
      const height = row.offsetHeight;
      total += height;
      if (height !== heights[p]) { heights[p] = height; moved = true; }
    }
    if (drawn.size) { estimate = Math.round(total / drawn.size); }
    if (moved) {
      place();
      for (const [p, row] of drawn) { row.style.top = offsets[p] + 'px'; }
    }
  }

  let pending = false;
  window.addEventListener('scroll', () => {
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; layout(); }); }
  }, {passive: true});
  window.addEventListener('resize', () => layout());

  return {
    // Start over with ``count`` rows (all estimated).
    reset(count) {
      heights = new Array(count).fill(estimate);
      drawn.forEach((row) => row.remove());
      drawn = new Map();
      layout();
    },
    // Positions start .. start + removed now hold ``added`` rows (their keys: ``keys``).
    splice(start, removed, keys) {
      heights.splice(start, removed, ...keys.map((key) => {
        const row = cache.get(key);
        return row && row.isConnected && row.offsetHeight ? row.offsetHeight : estimate;
      }));
    },
    forget(key) { cache.delete(key); },
    layout: layout,
    drawn: (p) => drawn.get(p),
    each: (fn) => drawn.forEach(fn),
    // Scroll so that position p is on the screen, below ``header`` (``force``: at the top).
    show(p, header, force) {
      if (p < 0 || p >= heights.length) { return; }
      const rowTop = top() + offsets[p], rowBottom = rowTop + heights[p], above = header ? header.offsetHeight : 0;
      if (force || rowTop < scrollY + above || rowBottom > scrollY + innerHeight) { window.scrollTo(0, rowTop - above - 8); }
      layout();
    },
  };
};
