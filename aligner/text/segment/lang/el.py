"""Greek: ";" is the question mark and "·" (ano teleia) the semicolon, which ends no sentence."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    examples=(
        ("Πού πας; Πάω σπίτι. Είπε· «Έλα αύριο». Εντάξει.",
         ("Πού πας;", "Πάω σπίτι.", "Είπε· «Έλα αύριο».", "Εντάξει.")),
    ),
)
