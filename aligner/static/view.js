(function () {
  var active = [];
  function clear() { active.forEach(function (e) { e.classList.remove('hl'); }); active = []; }
  document.addEventListener('mouseover', function (event) {
    var sentence = event.target.closest('.s');
    clear();
    if (!sentence) { return; }
    active = Array.prototype.slice.call(
      document.querySelectorAll('.s[data-bead="' + sentence.dataset.bead + '"]'));
    active.forEach(function (e) { e.classList.add('hl'); });
  });
  ['only-doubtful', 'only-skips', 'hide-skips'].forEach(function (name) {
    var box = document.getElementById(name);
    box.addEventListener('change', function () { document.body.classList.toggle(name, box.checked); });
  });
  // Anchors land below the sticky header: its height is the rows' scroll margin.
  var header = document.querySelector('header');
  function fit() { document.documentElement.style.setProperty('--header', header.offsetHeight + 'px'); }
  fit();
  window.addEventListener('resize', fit);
  function show(row) {
    if (!row) { return; }
    // A sandboxed frame (a notebook's output) may not change its address: scroll anyway.
    try { if (location.hash !== '#' + row.id) { history.replaceState(null, '', '#' + row.id); } } catch (e) { }
    row.scrollIntoView({block: 'start'});
  }
  if (location.hash) { show(document.getElementById(location.hash.slice(1))); }
  // Go to bead N.
  var go = document.getElementById('goto');
  go.addEventListener('change', function () { show(document.getElementById('b' + go.value)); });
  // Find a word on either side: Enter goes to the next bead holding it.
  var find = document.getElementById('find'), count = document.getElementById('found-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('.bead')), hits = [], at = -1;
  function search() {
    var query = find.value.trim().toLowerCase();
    rows.forEach(function (row) { row.classList.remove('found'); });
    hits = query ? rows.filter(function (row) {
      return Array.prototype.some.call(row.querySelectorAll('.s'), function (s) {
        return s.textContent.toLowerCase().indexOf(query) >= 0; });
    }) : [];
    hits.forEach(function (row) { row.classList.add('found'); });
    at = -1;
    count.textContent = query ? hits.length + ' bead' + (hits.length === 1 ? '' : 's') : '';
  }
  find.addEventListener('input', search);
  find.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || !hits.length) { return; }
    at = (at + (event.shiftKey ? hits.length - 1 : 1)) % hits.length;
    count.textContent = (at + 1) + ' of ' + hits.length;
    show(hits[at]);
  });
})();
