"""Tibetan: the shad "།" (or the double "༎") ends a clause or a sentence; no library
splits Tibetan offline (botok fetches its data at first use), so a shad followed by a
space ends a sentence (aligner.text.segment.splitters.split_shad)."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    splitter="shad",
    examples=(
        ("ང་ཁྱིམ་ལ་འགྲོ་གི་ཡིན། ཁྱེད་རང་ཡོང་གི་ཡིན་ནམ། ཡིན། ཀ་ཁ་ག་ང་། ཆོས་ཀྱི་རྒྱལ་པོ༎ བཀྲ་ཤིས་བདེ་ལེགས།",
         ("ང་ཁྱིམ་ལ་འགྲོ་གི་ཡིན།", "ཁྱེད་རང་ཡོང་གི་ཡིན་ནམ།", "ཡིན།", "ཀ་ཁ་ག་ང་།", "ཆོས་ཀྱི་རྒྱལ་པོ༎", "བཀྲ་ཤིས་བདེ་ལེགས།")),
    ),
)
