"""Burmese (Myanmar): "။" ends a sentence, "၊" is the comma."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    examples=(("ကျွန်တော် အိမ်ပြန်မယ်။ ခင်ဗျား လာမလား၊ မလာဘူးလား။ ဟုတ်ကဲ့။",
               ("ကျွန်တော် အိမ်ပြန်မယ်။", "ခင်ဗျား လာမလား၊ မလာဘူးလား။", "ဟုတ်ကဲ့။")),),
)
