"""Hindi (Devanagari): "।" (danda) ends a sentence."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    examples=(("मैं घर जा रहा हूँ। क्या तुम आ रहे हो? हाँ।", ("मैं घर जा रहा हूँ।", "क्या तुम आ रहे हो?", "हाँ।")),),
)
