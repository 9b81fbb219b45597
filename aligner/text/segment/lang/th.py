"""Thai: no sentence punctuation at all; a space separates sentences, but also phrases.
PyThaiNLP's CRF sentence model (crfcut, trained on TED transcripts and Thai news; the
model ships inside the pythainlp package) tells them apart."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    splitter="thai",
    examples=(
        ("ฉันจะกลับบ้าน คุณจะมาไหม วันนี้อากาศดีมาก เราไปเที่ยวทะเลกันเถอะ",
         ("ฉันจะกลับบ้าน", "คุณจะมาไหม", "วันนี้อากาศดีมาก", "เราไปเที่ยวทะเลกันเถอะ")),
    ),
)
