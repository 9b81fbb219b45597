"""Edit: correct an alignment by hand in the browser (``aligner edit FILE.tei.xml``).

``corrections`` is the pure part (what the page may submit, and the alignment it makes),
``session`` the files on disk (read, fingerprint, validated atomic save), ``server`` the
local web application, ``page`` the page itself (HTML, CSS and the script that edits).
"""
