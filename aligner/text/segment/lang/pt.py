"""Portuguese: titles before a name."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    titles="Sr Sra Srta Dr Dra Prof",
    examples=(("O Sr. Silva chegou. A Dra. Costa não.", ("O Sr. Silva chegou.", "A Dra. Costa não.")),),
)
