// aligner edit: the side-by-side view made editable. Only the rows near the screen are in
// the page (rows.js, shared with the reading view), so a book of 30,000 beads costs what a
// chapter does. Every action changes only the beads it touches (a splice), and only their
// rows are drawn again; undo and redo replay small diffs. The columns are the alignment's
// sides (SIDES), so a row is drawn the same way for two columns or more.
(() => {
  'use strict';
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = (id) => document.getElementById(id);
  const rowsBox = $('rows');
  const SIDES = ['src', 'tgt'];
  const sideName = (side) => side === 'src' ? 'source' : 'target';
  const key = (b) => SIDES.map((side) => b[side].join(',')).join('|');

  let data = null;          // what the server sent
  let beads = [];           // the beads as edited: {src: [...], tgt: [...]}; a bead keeps its row while unchanged
  let known = new Map();    // key -> the bead as the file has it (confidence, resp)
  let confirmed = new Set();
  let undo = [], redo = [], dirty = 0, sel = 0, picked = null;
  let counts = {reviewed: 0, doubtful: 0};

  function say(message, error) {
    $('status').textContent = message || '';
    $('status').classList.toggle('error', !!error);
  }

  function load(message) {
    fetch('api/alignment', {headers: {'X-Aligner-Token': token}})
      .then((r) => r.json().then((j) => [r.ok, j]))
      .then(([ok, j]) => { if (!ok) { say(j.error, true); return; } init(j); if (message) { say(message); } })
      .catch((e) => say('cannot reach aligner edit: ' + e, true));
  }

  function init(j) {
    data = j;
    beads = j.beads.map((b) => ({src: b.src.slice(), tgt: b.tgt.slice()}));
    known = new Map(j.beads.map((b) => [key(b), b]));
    confirmed = new Set(); undo = []; redo = []; dirty = 0; picked = null;
    sel = Math.max(0, Math.min(sel, beads.length - 1));
    document.title = 'edit: ' + SIDES.map((side) => j[side].label).join(' ↔ ');
    $('title').textContent = SIDES.map((side) => j[side].label + ' (' + j[side].lang + ')').join(' ↔ ');
    SIDES.forEach((side) => { $('col-' + side).textContent = j[side].label; $('col-' + side).lang = j[side].lang; });
    $('readonly').textContent = j.readOnly ? 'Read-only (' + j.readOnly + '): you can read and move around; '
      + 'editing and saving are off.' : '';
    document.querySelectorAll('.actions button').forEach((b) => {
      if (!/^(next-|$)/.test(b.dataset.action)) { b.disabled = !!j.readOnly; }
    });
    counts = {reviewed: 0, doubtful: 0};
    beads.forEach((b) => count(b, 1));
    list.reset(beads.length);
    status();
    // Find reads every bead's text: make them once, after the rows are on the screen.
    setTimeout(() => beads.forEach(textOf), 0);
  }

  function info(b) {
    const k = key(b), before = known.get(k), mine = confirmed.has(k), changed = !before;
    const manual = changed || mine || !!(before && before.resp);
    const confidence = changed || mine ? 1 : before.confidence;
    return {changed: changed, confirmed: mine, manual: manual, confidence: confidence,
            doubtful: !manual && confidence < data.doubtfulBelow};
  }

  function count(b, sign) {
    const i = info(b);
    counts.reviewed += sign * i.manual;
    counts.doubtful += sign * i.doubtful;
  }

  function status() {
    $('counter').textContent = counts.reviewed + ' reviewed · ' + counts.doubtful + ' doubtful · '
      + beads.length + ' beads';
    $('unsaved').textContent = dirty ? 'unsaved changes' : '';
    $('goto').max = beads.length - 1;
  }

  // --- drawing ------------------------------------------------------------------------

  function drawRow(b, number) {
    const i = info(b);
    const row = document.createElement('div');
    const band = i.confidence >= 0.9 ? 'high' : i.confidence >= data.doubtfulBelow ? 'mid' : 'low';
    row.className = ['row', 'bead', band].concat(SIDES.every((side) => b[side].length) ? [] : ['skip'],
      i.doubtful ? ['doubtful'] : [], i.manual ? ['manual'] : [], i.changed ? ['changed'] : []).join(' ');
    row.dataset.type = SIDES.map((side) => b[side].length).join('-');
    row.dataset.confidence = i.confidence.toFixed(4);
    SIDES.forEach((side) => {
      const cell = document.createElement('div');
      cell.className = 'side ' + side + (b[side].length ? '' : ' empty');
      cell.lang = data[side].lang;
      if (!b[side].length) {
        const gap = document.createElement('span');
        gap.className = 'gap'; gap.textContent = 'no counterpart';
        cell.appendChild(gap);
      }
      const doc = data[side];
      b[side].forEach((index, k) => {
        if (k) { cell.appendChild(document.createTextNode(' ')); }
        const span = document.createElement('span');
        span.className = 's';
        span.id = side + '-s' + index;
        span.dataset.side = side; span.dataset.index = index;
        span.textContent = doc.sentences[index - doc.first];
        cell.appendChild(span);
      });
      row.appendChild(cell);
    });
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.title = i.manual ? 'reviewed by hand' : i.doubtful ? 'doubtful' : '';
    meta.appendChild(document.createTextNode(''));
    meta.appendChild(document.createTextNode(' ' + row.dataset.type + ' ' + i.confidence.toFixed(2)
      + (i.manual ? ' ✓' : i.doubtful ? ' ?' : '')));
    row.appendChild(meta);
    number_(row, number);
    return row;
  }

  function number_(row, number) {
    row.id = 'b' + number;
    row.dataset.index = number;
    row.lastChild.firstChild.nodeValue = '#' + number;
  }

  // Replace beads[start .. start + removed) by ``added``; returns the splice that undoes it.
  function splice(start, removed, added) {
    const gone = beads.slice(start, start + removed);
    gone.forEach((b) => count(b, -1));
    added.forEach((b) => count(b, 1));
    list.splice(start, removed, added);
    beads.splice(start, removed, ...added);
    return {start: start, removed: added.length, added: gone};
  }

  function redraw(k) {  // a bead whose confirmation changed: its row is drawn again
    list.forget(beads[k]);
    list.layout();
  }

  function mark(number, on) {
    const row = list.drawn(number);
    if (row) { row.classList.toggle('selected', on); }
  }

  const show = (number) => list.show(number, header);

  function select(number, sentenceTarget) {
    if (picked && picked.element) { picked.element.classList.remove('picked'); }
    mark(sel, false);
    sel = Math.max(0, Math.min(number, beads.length - 1));
    picked = sentenceTarget || null;
    if (picked && picked.element) { picked.element.classList.add('picked'); }
    mark(sel, true);
    show(sel);
  }

  // --- edits: each returns a splice (start, removed, added) or a message when it cannot ---

  function edit(label, change) {
    if (data.readOnly) { say('read-only: ' + data.readOnly, true); return; }
    const planned = change();
    if (typeof planned === 'string') { say(planned, true); return; }
    const added = planned.added.filter((b) => SIDES.some((side) => b[side].length));
    undo.push({splice: splice(planned.start, planned.removed, added), sel: sel});
    redo = []; dirty += 1;
    sel = Math.max(0, Math.min(planned.select !== undefined ? planned.select : sel, beads.length - 1));
    if (picked && picked.element) { picked.element.classList.remove('picked'); }
    picked = null;
    status(); show(sel); say(label);
  }

  const copy = (b) => ({src: b.src.slice(), tgt: b.tgt.slice()});

  function merge(first) {
    if (first < 0 || first + 1 >= beads.length) { return 'there is no bead to merge with'; }
    const a = beads[first], b = beads[first + 1];
    return {start: first, removed: 2, added: [{src: a.src.concat(b.src), tgt: a.tgt.concat(b.tgt)}],
            select: first};
  }

  function nextWith(from, side) {
    let j = from + 1;
    while (j < beads.length && !beads[j][side].length) { j++; }
    return j < beads.length ? j : -1;
  }

  function take(side) {
    const j = nextWith(sel, side);
    if (j < 0) { return 'no later ' + sideName(side) + ' sentence to take'; }
    const here = copy(beads[sel]), there = copy(beads[j]);
    here[side].push(there[side].shift());
    return {start: sel, removed: j - sel + 1, added: [here, ...beads.slice(sel + 1, j), there]};
  }

  function give(side) {
    const here = copy(beads[sel]);
    if (!here[side].length) { return 'this bead has no ' + sideName(side) + ' sentence to give'; }
    const index = here[side].pop(), j = nextWith(sel, side);
    if (j < 0) {
      return {start: sel, removed: 1, added: [here, side === 'src' ? {src: [index], tgt: []} : {src: [], tgt: [index]}]};
    }
    const there = copy(beads[j]);
    there[side].unshift(index);
    return {start: sel, removed: j - sel + 1, added: [here, ...beads.slice(sel + 1, j), there]};
  }

  function detach(toNext) {
    const b = beads[sel];
    if (!SIDES.every((side) => b[side].length)) {
      const neighbour = toNext ? sel + 1 : sel - 1;
      if (neighbour < 0 || neighbour >= beads.length) { return 'there is no bead to join it to'; }
      return merge(Math.min(sel, neighbour));
    }
    if (!picked || picked.bead !== sel) { return 'click a sentence of this bead first, then press x'; }
    const here = copy(b), list = here[picked.side], at = list.indexOf(picked.index);
    const alone = picked.side === 'src' ? {src: [picked.index], tgt: []} : {src: [], tgt: [picked.index]};
    if (at === list.length - 1) { list.pop(); return {start: sel, removed: 1, added: [here, alone], select: sel + 1}; }
    if (at === 0) { list.shift(); return {start: sel, removed: 1, added: [alone, here]}; }
    return 'only the first or last sentence of a side can be detached; split the bead first (s)';
  }

  function splitAt(ns, nt) {
    const b = beads[sel];
    if ((ns === 0 && nt === 0) || (ns === b.src.length && nt === b.tgt.length)) {
      return 'a split must leave sentences in both parts';
    }
    return {start: sel, removed: 1, added: [{src: b.src.slice(0, ns), tgt: b.tgt.slice(0, nt)},
                                            {src: b.src.slice(ns), tgt: b.tgt.slice(nt)}]};
  }

  // Confirming changes no bead, only how one counts: its own undo entry.
  function toggleConfirm(k) {
    count(beads[k], -1);
    const id = key(beads[k]);
    if (confirmed.has(id)) { confirmed.delete(id); } else { confirmed.add(id); }
    count(beads[k], 1);
    redraw(k);
  }

  function confirmBead() {
    if (data.readOnly) { say('read-only: ' + data.readOnly, true); return; }
    const i = info(beads[sel]);
    if (i.changed) { say('an edited bead is reviewed already', true); return; }
    if (!i.confirmed && i.manual) { say('this bead was reviewed by hand already', true); return; }
    toggleConfirm(sel);
    undo.push({confirm: sel, sel: sel}); redo = []; dirty += 1;
    status(); say('confirmation changed');
  }

  function replay(from, to, label) {
    if (!from.length) { say('nothing to ' + label); return; }
    const step = from.pop();
    if (step.confirm !== undefined) {
      toggleConfirm(step.confirm);
      to.push(step);
    } else {
      const s = step.splice;
      to.push({splice: splice(s.start, s.removed, s.added), sel: sel});
    }
    dirty += from === undo ? -1 : 1;
    sel = Math.max(0, Math.min(step.sel, beads.length - 1));
    status(); show(sel); say(label === 'undo' ? 'undone' : 'redone');
  }

  function seek(test, step) {
    for (let k = 1; k <= beads.length; k++) {
      const n = ((sel + step * k) % beads.length + beads.length) % beads.length;
      if (test(beads[n])) { select(n); return; }
    }
    say('none left', false);
  }

  function openSplit() {
    if (data.readOnly) { say('read-only: ' + data.readOnly, true); return; }
    const b = beads[sel];
    show(sel);
    const row = list.drawn(sel);
    if (b.src.length + b.tgt.length < 2) { say('a bead of one sentence cannot be split', true); return; }
    const form = document.createElement('div');
    form.className = 'splitter';
    form.id = 'splitter';
    const choose = (side) => {
      const n = b[side].length, select = document.createElement('select');
      select.id = 'split-' + side;
      for (let k = 0; k <= n; k++) {
        const option = document.createElement('option');
        option.value = k; option.textContent = k + ' of ' + n + ' ' + sideName(side) + ' sentences';
        select.appendChild(option);
      }
      select.value = Math.ceil(n / 2);
      return select;
    };
    const src = choose('src'), tgt = choose('tgt');
    if (+src.value === b.src.length && +tgt.value === b.tgt.length) {
      if (b.tgt.length) { tgt.value = b.tgt.length - 1; } else { src.value = b.src.length - 1; }
    }
    const apply = document.createElement('button'), cancel = document.createElement('button');
    apply.id = 'split-apply'; apply.textContent = 'Split (Enter)';
    cancel.id = 'split-cancel'; cancel.textContent = 'Cancel (Esc)';
    form.append('First part keeps ', src, ' and ', tgt, ' ', apply, ' ', cancel);
    row.appendChild(form);
    list.layout();
    const done = () => { form.remove(); list.layout(); };
    apply.addEventListener('click', (event) => {
      event.stopPropagation();
      const ns = +src.value, nt = +tgt.value;
      done();
      edit('split bead #' + sel, () => splitAt(ns, nt));
    });
    cancel.addEventListener('click', (event) => { event.stopPropagation(); done(); });
    form.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Enter') { event.preventDefault(); apply.click(); }
      if (event.key === 'Escape') { cancel.click(); }
    });
    form.addEventListener('click', (event) => event.stopPropagation());
    src.focus();
  }

  // After a save the file holds what the page shows: edited and confirmed beads are now
  // the file's beads, made by hand (confidence 1); only their rows are drawn again.
  function saved(message, revision) {
    data.revision = revision;
    const touched = [];
    beads.forEach((b, k) => {
      const id = key(b), before = known.get(id);
      if (!before || confirmed.has(id)) {
        count(b, -1);
        known.set(id, {src: b.src.slice(), tgt: b.tgt.slice(), confidence: 1, resp: data.editor});
        touched.push(k);
      }
    });
    confirmed = new Set();
    touched.forEach((k) => { count(beads[k], 1); redraw(k); });
    undo = []; redo = []; dirty = 0;
    $('save-button').disabled = false;
    status(); say(message);
  }

  function save() {
    if (data.readOnly) { say('read-only: ' + data.readOnly, true); return; }
    say('saving… (checking the whole alignment against the TEI schema first)');
    $('save-button').disabled = true;
    const body = {revision: data.revision,
                  beads: beads.map((b) => ({src: b.src, tgt: b.tgt, confirmed: confirmed.has(key(b))}))};
    fetch('api/save', {method: 'POST', body: JSON.stringify(body),
                       headers: {'Content-Type': 'application/json', 'X-Aligner-Token': token}})
      .then((r) => r.json().then((j) => [r.ok, j]))
      .then(([ok, j]) => {
        if (!ok) { $('save-button').disabled = false; say(j.error, true); } else { saved(j.message, j.revision); }
      })
      .catch((e) => { $('save-button').disabled = false; say('not saved: cannot reach aligner edit (' + e + ')', true); });
  }

  const actions = {
    'merge-next': () => edit('merged #' + sel + ' with the next bead', () => merge(sel)),
    'merge-previous': () => edit('merged #' + sel + ' with the previous bead', () => merge(sel - 1)),
    'split': openSplit,
    'take-src': () => edit('took the next source sentence', () => take('src')),
    'give-src': () => edit('gave the last source sentence to the next bead', () => give('src')),
    'take-tgt': () => edit('took the next target sentence', () => take('tgt')),
    'give-tgt': () => edit('gave the last target sentence to the next bead', () => give('tgt')),
    'detach': () => edit('detached / joined', () => detach(false)),
    'detach-next': () => edit('joined to the next bead', () => detach(true)),
    'confirm': confirmBead,
    'next-doubtful': () => seek((b) => info(b).doubtful, 1),
    'previous-doubtful': () => seek((b) => info(b).doubtful, -1),
    'next-skip': () => seek((b) => !SIDES.every((side) => b[side].length), 1),
    'previous-skip': () => seek((b) => !SIDES.every((side) => b[side].length), -1),
    'undo': () => replay(undo, redo, 'undo'),
    'redo': () => replay(redo, undo, 'redo'),
    'save': save,
    'down': () => select(sel + 1),
    'up': () => select(sel - 1),
  };
  const keys = {'m': 'merge-next', 'M': 'merge-previous', 's': 'split', ']': 'take-src', '[': 'give-src',
                '}': 'take-tgt', '{': 'give-tgt', 'x': 'detach', 'X': 'detach-next', 'c': 'confirm',
                'n': 'next-doubtful', 'N': 'previous-doubtful', 'g': 'next-skip', 'G': 'previous-skip',
                'u': 'undo', 'r': 'redo', 'j': 'down', 'k': 'up', 'ArrowDown': 'down', 'ArrowUp': 'up'};

  document.addEventListener('keydown', (event) => {
    if (!data || event.altKey || event.metaKey) { return; }
    const target = event.target instanceof Element ? event.target : document.body;
    if (target.closest('input, select, textarea, button') && !event.ctrlKey) { return; }
    let name = null;
    if (event.ctrlKey) {
      const k = event.key.toLowerCase();
      name = k === 's' ? 'save' : k === 'z' ? (event.shiftKey ? 'redo' : 'undo') : k === 'y' ? 'redo' : null;
    } else {
      name = keys[event.key];
    }
    if (!name) { return; }
    event.preventDefault();
    actions[name]();
  });
  document.querySelectorAll('.actions button').forEach((button) => {
    button.addEventListener('click', () => { actions[button.dataset.action](); button.blur(); });
  });
  rowsBox.addEventListener('click', (event) => {
    const row = event.target.closest('.bead');
    if (!row) { return; }
    const s = event.target.closest('.s'), number = +row.dataset.index;
    select(number, s ? {side: s.dataset.side, index: +s.dataset.index, bead: number, element: s} : null);
  });
  $('goto').addEventListener('change', () => select(+$('goto').value));

  // Find a word on either side: Enter selects the next bead holding it (Shift+Enter: the one before).
  const texts = new WeakMap();  // bead -> its text, lower case (a bead is replaced, never changed)
  const textOf = (b) => {
    let text = texts.get(b);
    if (text === undefined) {
      text = SIDES.map((side) => b[side].map((i) => data[side].sentences[i - data[side].first]).join(' '))
        .join('\n').toLowerCase();
      texts.set(b, text);
    }
    return text;
  };
  $('find').addEventListener('input', () => {
    const query = $('find').value.trim().toLowerCase();
    $('found-count').textContent = query ? beads.filter((b) => textOf(b).indexOf(query) >= 0).length + ' beads' : '';
  });
  $('find').addEventListener('keydown', (event) => {
    const query = $('find').value.trim().toLowerCase();
    if (event.key !== 'Enter' || !query || !data) { return; }
    event.preventDefault();
    seek((b) => textOf(b).indexOf(query) >= 0, event.shiftKey ? -1 : 1);
  });
  // Rows scrolled to land below the sticky header: its height is their scroll margin.
  const header = document.querySelector('header');
  const list = window.AlignerRows(rowsBox, {
    weak: true,
    key: (k) => beads[k],
    draw: (k) => drawRow(beads[k], k),
    place: (row, k) => { if (+row.dataset.index !== k) { number_(row, k); } row.classList.toggle('selected', k === sel); },
  });
  const fit = () => document.documentElement.style.setProperty('--header', header.offsetHeight + 'px');
  new ResizeObserver(fit).observe(header);
  window.addEventListener('beforeunload', (event) => {
    if (data && dirty) { event.preventDefault(); event.returnValue = ''; }
  });
  load();
})();
