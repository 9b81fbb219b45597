"""Page: the side-by-side view made editable, one offline HTML page (no external resources).

The page fetches the alignment (``api/alignment``), keeps the beads being edited, with
undo and redo, in the browser, and sends all of them to ``api/save``; the server checks
and writes them. Every action has a button and a key, listed on the page.
"""

from __future__ import annotations

from aligner import __version__, pages

# (action, key as shown, button label, what it does): the buttons and the key list, in this order.
ACTIONS = (
    ("merge-next", "m", "Merge ↓", "merge the bead with the next one"),
    ("merge-previous", "M", "Merge ↑", "merge the bead with the previous one"),
    ("split", "s", "Split…", "split the bead: choose how many sentences of each side stay in its first part"),
    ("take-src", "]", "Source ]",
     "move the boundary down on the source side: take the next source sentence into this bead"),
    ("give-src", "[", "Source [",
     "move the boundary up on the source side: give this bead's last source sentence to the next"),
    ("take-tgt", "}", "Target }", "the same on the target side: take the next target sentence"),
    ("give-tgt", "{", "Target {", "the same on the target side: give the last target sentence to the next"),
    ("detach", "x", "Detach", "the clicked sentence (first or last of its side) becomes a 1-0/0-1 bead; "
                              "on a 1-0/0-1 bead: join it to the previous bead (X: to the next)"),
    ("confirm", "c", "Confirm", "confirm the bead as right (again: take the confirmation back)"),
    ("next-doubtful", "n", "Next doubtful",
     "go to the next doubtful bead (confidence below 0.5, not reviewed; N: previous)"),
    ("next-skip", "g", "Next 1-0/0-1", "go to the next 1-0/0-1 bead (G: previous)"),
    ("undo", "u", "Undo", "undo (also Ctrl+Z)"),
    ("redo", "r", "Redo", "redo (also Ctrl+Y)"),
    ("save", "Ctrl+S", "Save", "save: write the TEI file back (checked first; refused if invalid or changed on disk)"),
)

# The page's script and style are package files, served by the app (``static/``).
STATIC = {"rows.js": "text/javascript", "edit.js": "text/javascript", "edit.css": "text/css",
          "view.css": "text/css"}


def page(token: str) -> str:
    """The editing page (the same for every alignment: it fetches the alignment itself);
    ``token`` goes into the addresses of its script and style sheets."""
    return pages.render("edit.html", version=__version__, token=token,
                        actions=[{"name": name, "key": key, "label": label, "what": what}
                                 for name, key, label, what in ACTIONS])
