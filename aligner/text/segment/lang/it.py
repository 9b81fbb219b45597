"""Italian: titles, and ordinary words sentencex's list holds for abbreviations ("me.", "via.")."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    titles="Sig Sigg Dott Prof Avv Ing On",
    not_abbreviations="no me te se si mai la le lo li ne ma mar fin ore sa so va vi ve via su re da di con in",
    examples=(
        ("Disse di no. Poi andò via. Venne da me. Il Sig. Rossi rise.",
         ("Disse di no.", "Poi andò via.", "Venne da me.", "Il Sig. Rossi rise.")),
        ("«Vengo. Tu resti qui. Partiamo domani.» Uscì.", ("«Vengo.", "Tu resti qui.", "Partiamo domani.»", "Uscì.")),
    ),
)
