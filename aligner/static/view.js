// The reading view: the alignment's rows, drawn near the screen only (rows.js), from the
// data the page carries (its script element of type application/json). Hovering a sentence
// highlights its row's sentences; the filters and find work on the data, not the page, so
// they take the same time for a chapter or a book; #bN anchors land on row N.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($('alignment-data').textContent);
  const rowsBox = $('rows'), header = document.querySelector('header');
  const filters = {'only-doubtful': false, 'only-skips': false, 'hide-skips': false};
  let order = data.rows.map((_, k) => k);  // the rows shown, by number
  let hits = [], hitSet = new Set(), at = -1, texts = null;

  function draw(number) {
    const item = data.rows[number], row = document.createElement('div');
    row.className = item.classes;
    row.id = 'b' + number;
    row.dataset.type = item.kind;
    row.dataset.confidence = item.confidence;
    data.columns.forEach((column, v) => {
      const run = item.runs[v], cell = document.createElement('div');
      cell.className = 'side ' + column.role + (run.length ? '' : ' empty') + (item.weak[v] ? ' doubtful-side' : '');
      cell.lang = column.lang;
      if (item.shown[v]) { cell.title = 'confidence ' + item.shown[v]; }
      if (!run.length) {
        const gap = document.createElement('span');
        gap.className = 'gap'; gap.textContent = 'no counterpart';
        cell.appendChild(gap);
      }
      run.forEach((index, k) => {
        if (k) { cell.appendChild(document.createTextNode(' ')); }
        const span = document.createElement('span');
        span.className = 's';
        span.id = column.id + '-s' + index;
        span.textContent = column.sentences[index - column.first];
        cell.appendChild(span);
      });
      row.appendChild(cell);
    });
    const meta = document.createElement('div'), link = document.createElement('a');
    meta.className = 'meta';
    link.href = '#b' + number; link.textContent = '#' + number;
    meta.append(link, ' ' + item.kind, document.createElement('br'), item.confidence.slice(0, 4));
    if (item.resp) {
      const check = document.createElement('span');
      check.className = 'checked'; check.title = 'by hand: ' + item.resp; check.textContent = ' ✓';
      meta.appendChild(check);
    } else if (item.doubtful) {
      const flag = document.createElement('span');
      flag.className = 'flag'; flag.title = 'doubtful'; flag.textContent = ' ?';
      meta.appendChild(flag);
    }
    row.appendChild(meta);
    return row;
  }

  const list = window.AlignerRows(rowsBox, {
    key: (p) => order[p],
    draw: (p) => draw(order[p]),
    place: (row, p) => row.classList.toggle('found', hitSet.has(order[p])),
  });

  function position(number) {  // the position of row ``number`` among those shown, or -1
    let lo = 0, hi = order.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (order[mid] < number) { lo = mid + 1; } else { hi = mid; } }
    return order[lo] === number ? lo : -1;
  }

  function show(number) {
    let p = position(number);
    if (p < 0) {  // filtered out: show every row again
      Object.keys(filters).forEach((name) => { filters[name] = false; $(name).checked = false; });
      refilter();
      p = position(number);
    }
    // A sandboxed frame (a notebook's output) may not change its address: scroll anyway.
    try { if (location.hash !== '#b' + number) { history.replaceState(null, '', '#b' + number); } } catch (e) { }
    list.show(p, header, true);
  }

  function refilter() {
    order = data.rows.map((_, k) => k).filter((k) => {
      const item = data.rows[k];
      return !(filters['only-doubtful'] && !item.doubtful) && !(filters['only-skips'] && !item.skip)
        && !(filters['hide-skips'] && item.skip);
    });
    list.reset(order.length);
  }

  Object.keys(filters).forEach((name) => {
    $(name).addEventListener('change', () => { filters[name] = $(name).checked; refilter(); });
  });

  let active = [];
  rowsBox.addEventListener('mouseover', (event) => {
    const sentence = event.target.closest('.s');
    active.forEach((e) => e.classList.remove('hl'));
    active = sentence ? Array.from(sentence.closest('.bead').querySelectorAll('.s')) : [];
    active.forEach((e) => e.classList.add('hl'));
  });

  // Find a word in any version: Enter goes to the next row holding it.
  const find = $('find'), count = $('found-count');
  function search() {
    const query = find.value.trim().toLowerCase();
    if (!texts) {
      texts = data.rows.map((item) => item.runs.map((run, v) => run.map((i) => data.columns[v].sentences[
        i - data.columns[v].first]).join(' ')).join('\n').toLowerCase());
    }
    hits = query ? texts.reduce((found, text, k) => { if (text.indexOf(query) >= 0) { found.push(k); } return found; },
                                []) : [];
    hitSet = new Set(hits);
    at = -1;
    list.each((row) => row.classList.toggle('found', hitSet.has(+row.id.slice(1))));
    count.textContent = query ? hits.length + ' ' + data.unit + (hits.length === 1 ? '' : 's') : '';
  }
  find.addEventListener('input', search);
  find.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !hits.length) { return; }
    at = (at + (event.shiftKey ? hits.length - 1 : 1)) % hits.length;
    count.textContent = (at + 1) + ' of ' + hits.length;
    show(hits[at]);
  });
  const go = $('goto');
  go.addEventListener('change', () => show(+go.value));

  // Anchors land below the sticky header: its height is the rows' scroll margin.
  function fit() { document.documentElement.style.setProperty('--header', header.offsetHeight + 'px'); }
  fit();
  window.addEventListener('resize', fit);
  rowsBox.addEventListener('click', (event) => {
    const link = event.target.closest('.meta a');
    if (link) { event.preventDefault(); show(+link.getAttribute('href').slice(2)); }
  });
  list.reset(order.length);
  const wanted = /^#b(\d+)$/.exec(location.hash);
  if (wanted && +wanted[1] < data.rows.length) {
    show(+wanted[1]);
    // The row exists now: navigate to it again, so that it is the page's :target.
    try { const hash = location.hash; history.replaceState(null, '', ' '); location.hash = hash; } catch (e) { }
    list.show(position(+wanted[1]), header, true);
  }
  document.body.dataset.ready = 'true';
})();
