"""Armenian: "։" (verjaket) ends a sentence; the question mark "՞" sits on the stressed word."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    examples=(("Ես գնում եմ տուն։ Դու գալի՞ս ես։ Այո։", ("Ես գնում եմ տուն։", "Դու գալի՞ս ես։", "Այո։")),),
)
