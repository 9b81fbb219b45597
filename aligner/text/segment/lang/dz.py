"""Dzongkha: Tibetan script, sentences ended by the shad as in Tibetan (py3langid names
Tibetan text 'dz' too, having no Tibetan of its own)."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    splitter="shad",
    examples=(("ང་བྷུ་ཊཱན་ལས་ཨིན། ཁྱོད་ག་ཏེ་ལས་ཨིན།", ("ང་བྷུ་ཊཱན་ལས་ཨིན།", "ཁྱོད་ག་ཏེ་ལས་ཨིན།")),),
)
