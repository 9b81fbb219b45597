"""Japanese: no spaces between sentences; 。！？ end one, with the closing marks after them."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    examples=(("「行くよ。待ってて。」彼は出た。雨だ！", ("「行くよ。", "待ってて。」", "彼は出た。", "雨だ！")),),
)
