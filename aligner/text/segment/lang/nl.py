"""Dutch: titles before a name."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    titles="Dhr Mevr Mr Dr Prof",
    examples=(("Dhr. Jansen kwam binnen. Hij ging zitten.", ("Dhr. Jansen kwam binnen.", "Hij ging zitten.")),),
)
