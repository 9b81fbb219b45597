"""Amharic (Ethiopic): "።" (arat netib) ends a sentence, "፣" is the comma."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    examples=(("እኔ ወደ ቤት እሄዳለሁ። አንተ፣ ትመጣለህ? አዎ።", ("እኔ ወደ ቤት እሄዳለሁ።", "አንተ፣ ትመጣለህ?", "አዎ።")),),
)
