(() => {
  'use strict';
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = (id) => document.getElementById(id);
  const rows = $('rows');
  let data = null, beads = [], confirmed = new Set(), known = new Map();
  let undo = [], redo = [], saved = '', sel = 0, picked = null;
  const key = (b) => b.src.join(',') + '|' + b.tgt.join(',');
  const state = () => JSON.stringify({beads: beads, confirmed: [...confirmed]});
  const sideName = (side) => side === 'src' ? 'source' : 'target';

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
    confirmed = new Set(); undo = []; redo = []; saved = state(); picked = null;
    sel = Math.max(0, Math.min(sel, beads.length - 1));
    document.title = 'edit: ' + j.src.label + ' ↔ ' + j.tgt.label;
    $('title').textContent = j.src.label + ' (' + j.src.lang + ') ↔ ' + j.tgt.label + ' (' + j.tgt.lang + ')';
    $('col-src').textContent = j.src.label; $('col-src').lang = j.src.lang;
    $('col-tgt').textContent = j.tgt.label; $('col-tgt').lang = j.tgt.lang;
    $('readonly').textContent = j.readOnly ? 'Read-only (' + j.readOnly + '): you can read and move around; '
      + 'editing and saving are off.' : '';
    document.querySelectorAll('.actions button').forEach((b) => {
      if (!/^(next-|$)/.test(b.dataset.action)) { b.disabled = !!j.readOnly; }
    });
    render();
  }

  function info(b) {
    const k = key(b), before = known.get(k), mine = confirmed.has(k), changed = !before;
    const manual = changed || mine || !!(before && before.resp);
    const confidence = changed || mine ? 1 : before.confidence;
    return {changed: changed, confirmed: mine, manual: manual, confidence: confidence,
            doubtful: !manual && confidence < data.doubtfulBelow};
  }

  function sentence(side, index, number) {
    const span = document.createElement('span');
    const doc = data[side];
    span.className = 's';
    span.id = side + '-s' + index;
    span.dataset.side = side; span.dataset.index = index; span.dataset.bead = number;
    span.textContent = doc.sentences[index - doc.first];
    if (picked && picked.side === side && picked.index === index) { span.classList.add('picked'); }
    return span;
  }

  function render() {
    const fragment = document.createDocumentFragment();
    let reviewed = 0, doubtful = 0;
    beads.forEach((b, number) => {
      const i = info(b);
      reviewed += i.manual; doubtful += i.doubtful;
      const row = document.createElement('div');
      const band = i.confidence >= 0.9 ? 'high' : i.confidence >= data.doubtfulBelow ? 'mid' : 'low';
      row.className = ['row', 'bead', band].concat(b.src.length && b.tgt.length ? [] : ['skip'],
        i.doubtful ? ['doubtful'] : [], i.manual ? ['manual'] : [], i.changed ? ['changed'] : [],
        number === sel ? ['selected'] : []).join(' ');
      row.id = 'b' + number;
      row.dataset.index = number;
      row.dataset.type = b.src.length + '-' + b.tgt.length;
      row.dataset.confidence = i.confidence.toFixed(4);
      ['src', 'tgt'].forEach((side) => {
        const cell = document.createElement('div');
        cell.className = 'side ' + side + (b[side].length ? '' : ' empty');
        cell.lang = data[side].lang;
        if (!b[side].length) {
          const gap = document.createElement('span');
          gap.className = 'gap'; gap.textContent = 'no counterpart';
          cell.appendChild(gap);
        }
        b[side].forEach((index, k) => {
          if (k) { cell.appendChild(document.createTextNode(' ')); }
          cell.appendChild(sentence(side, index, number));
        });
        row.appendChild(cell);
      });
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = '#' + number + ' ' + row.dataset.type + ' ' + i.confidence.toFixed(2)
        + (i.manual ? ' ✓' : i.doubtful ? ' ?' : '');
      meta.title = i.manual ? 'reviewed by hand' : i.doubtful ? 'doubtful' : '';
      row.appendChild(meta);
      fragment.appendChild(row);
    });
    rows.replaceChildren(fragment);
    $('counter').textContent = reviewed + ' reviewed · ' + doubtful + ' doubtful · ' + beads.length + ' beads';
    $('unsaved').textContent = state() === saved ? '' : 'unsaved changes';
    $('goto').max = beads.length - 1;
  }

  function show(number) {
    const row = $('b' + number);
    if (!row) { return; }
    const box = row.getBoundingClientRect(), top = header.offsetHeight;
    if (box.top < top || box.bottom > innerHeight) { window.scrollTo(0, scrollY + box.top - top - 8); }
  }

  function select(number, sentenceTarget) {
    sel = Math.max(0, Math.min(number, beads.length - 1));
    picked = sentenceTarget || null;
    render(); show(sel);
  }

  // Edits: each checks before it changes anything and returns a message when it cannot.
  function edit(label, change) {
    if (data.readOnly) { say('read-only: ' + data.readOnly, true); return; }
    const before = state();
    const problem = change();
    if (problem) { say(problem, true); return; }
    undo.push(before); redo = [];
    beads = beads.filter((b) => b.src.length || b.tgt.length);
    sel = Math.max(0, Math.min(sel, beads.length - 1));
    picked = null;
    render(); show(sel); say(label);
  }

  function merge(first) {
    if (first < 0 || first + 1 >= beads.length) { return 'there is no bead to merge with'; }
    const a = beads[first], b = beads[first + 1];
    beads.splice(first, 2, {src: a.src.concat(b.src), tgt: a.tgt.concat(b.tgt)});
    sel = first;
  }

  function nextWith(from, side) {
    let j = from + 1;
    while (j < beads.length && !beads[j][side].length) { j++; }
    return j < beads.length ? j : -1;
  }

  function take(side) {
    const j = nextWith(sel, side);
    if (j < 0) { return 'no later ' + sideName(side) + ' sentence to take'; }
    beads[sel][side].push(beads[j][side].shift());
  }

  function give(side) {
    const b = beads[sel];
    if (!b[side].length) { return 'this bead has no ' + sideName(side) + ' sentence to give'; }
    const index = b[side].pop(), j = nextWith(sel, side);
    if (j >= 0) { beads[j][side].unshift(index); }
    else { beads.splice(sel + 1, 0, side === 'src' ? {src: [index], tgt: []} : {src: [], tgt: [index]}); }
  }

  function detach(toNext) {
    const b = beads[sel];
    if (!b.src.length || !b.tgt.length) {
      const neighbour = toNext ? sel + 1 : sel - 1;
      if (neighbour < 0 || neighbour >= beads.length) { return 'there is no bead to join it to'; }
      return merge(Math.min(sel, neighbour));
    }
    if (!picked || +picked.bead !== sel) { return 'click a sentence of this bead first, then press x'; }
    const list = b[picked.side], at = list.indexOf(picked.index);
    const alone = picked.side === 'src' ? {src: [picked.index], tgt: []} : {src: [], tgt: [picked.index]};
    if (at === list.length - 1) { list.pop(); beads.splice(sel + 1, 0, alone); sel += 1; }
    else if (at === 0) { list.shift(); beads.splice(sel, 0, alone); }
    else { return 'only the first or last sentence of a side can be detached; split the bead first (s)'; }
  }

  function confirmBead() {
    const i = info(beads[sel]), k = key(beads[sel]);
    if (i.changed) { return 'an edited bead is reviewed already'; }
    if (!i.confirmed && i.manual) { return 'this bead was reviewed by hand already'; }
    if (i.confirmed) { confirmed.delete(k); } else { confirmed.add(k); }
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
    const b = beads[sel], row = $('b' + sel);
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
    const done = () => { form.remove(); };
    apply.addEventListener('click', (event) => {
      event.stopPropagation();
      const ns = +src.value, nt = +tgt.value;
      done();
      edit('split bead #' + sel, () => {
        if ((ns === 0 && nt === 0) || (ns === b.src.length && nt === b.tgt.length)) {
          return 'a split must leave sentences in both parts';
        }
        beads.splice(sel, 1, {src: b.src.slice(0, ns), tgt: b.tgt.slice(0, nt)},
                     {src: b.src.slice(ns), tgt: b.tgt.slice(nt)});
      });
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

  function save() {
    if (data.readOnly) { say('read-only: ' + data.readOnly, true); return; }
    say('saving…');
    const body = {revision: data.revision,
                  beads: beads.map((b) => ({src: b.src, tgt: b.tgt, confirmed: confirmed.has(key(b))}))};
    fetch('api/save', {method: 'POST', body: JSON.stringify(body),
                       headers: {'Content-Type': 'application/json', 'X-Aligner-Token': token}})
      .then((r) => r.json().then((j) => [r.ok, j]))
      .then(([ok, j]) => { if (!ok) { say(j.error, true); } else { load(j.message); } })
      .catch((e) => say('not saved: cannot reach aligner edit (' + e + ')', true));
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
    'confirm': () => edit('confirmation changed', confirmBead),
    'next-doubtful': () => seek((b) => info(b).doubtful, 1),
    'previous-doubtful': () => seek((b) => info(b).doubtful, -1),
    'next-skip': () => seek((b) => !b.src.length || !b.tgt.length, 1),
    'previous-skip': () => seek((b) => !b.src.length || !b.tgt.length, -1),
    'undo': () => { if (!undo.length) { say('nothing to undo'); return; }
                    redo.push(state()); const s = JSON.parse(undo.pop());
                    beads = s.beads; confirmed = new Set(s.confirmed); select(sel); say('undone'); },
    'redo': () => { if (!redo.length) { say('nothing to redo'); return; }
                    undo.push(state()); const s = JSON.parse(redo.pop());
                    beads = s.beads; confirmed = new Set(s.confirmed); select(sel); say('redone'); },
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
    if (event.target.closest('input, select, textarea, button') && !event.ctrlKey) { return; }
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
  rows.addEventListener('click', (event) => {
    const row = event.target.closest('.bead');
    if (!row) { return; }
    const s = event.target.closest('.s');
    select(+row.dataset.index, s ? {side: s.dataset.side, index: +s.dataset.index, bead: +row.dataset.index} : null);
  });
  $('goto').addEventListener('change', () => select(+$('goto').value));
  // Rows scrolled to land below the sticky header: its height is their scroll margin.
  const header = document.querySelector('header');
  const fit = () => document.documentElement.style.setProperty('--header', header.offsetHeight + 'px');
  new ResizeObserver(fit).observe(header);
  window.addEventListener('beforeunload', (event) => {
    if (data && state() !== saved) { event.preventDefault(); event.returnValue = ''; }
  });
  load();
})();
