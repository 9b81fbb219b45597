"""English: titles, words sentencex takes for abbreviations, the verbs of an attribution."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    titles="Mr Mrs Ms Messrs Dr Prof St Jr Sr Rev Hon Gen Col Capt Lt Sgt",
    # sentencex holds these for abbreviations and the "I" after one for a Roman numeral
    # ("Art. I"): first-person narration lost a sentence end at every "me. I". Found by
    # asking sentencex about every word of the development suite's English texts.
    not_abbreviations="me no may art ark ill fed miss mar",
    # A quoted question or exclamation and its short attribution with a capital are one
    # sentence ('"Why?" I asked.'), as the suite's English gold has them.
    speech_verbs="said says asked asks cried cries replied replies answered answers exclaimed shouted whispered "
                 "murmured muttered added continued returned inquired enquired demanded repeated called began "
                 "observed remarked thought wondered yelled screamed interrupted resumed rejoined "
                 "retorted protested urged insisted pleaded explained declared responded echoed snapped growled",
    examples=(
        ("Could they have forgotten the A.B.C. truths of the movement? To believe this, is utterly impossible.",
         ("Could they have forgotten the A.B.C. truths of the movement?", "To believe this, is utterly impossible.")),
        ("We saw Mr. Smith. He said no. Then St. Paul spoke. No. Not now.",
         ("We saw Mr. Smith.", "He said no.", "Then St. Paul spoke.", "No.", "Not now.")),
        ("He saw me. I ran. She said no. I left. Come what may. I stay. See No. 5 and Fig. 3.",
         ("He saw me.", "I ran.", "She said no.", "I left.", "Come what may.", "I stay.", "See No. 5 and Fig. 3.")),
        ('"I am coming. You stay here. It is cold." She went out. Mr. Smith and J. Watson stayed.',
         ('"I am coming.', "You stay here.", 'It is cold."', "She went out.", "Mr. Smith and J. Watson stayed.")),
        ("'You're late! I'd waited an hour. Come in,' she said. He didn't move.",
         ("'You're late!", "I'd waited an hour.", "Come in,' she said.", "He didn't move.")),
        # An opening mark after a sentence's end goes with the next sentence, also when the
        # speech runs on into the next paragraph (novels close it only where it ends).
        ("He was immobilized. The boy burst out laughing. 'Well? Had enough?",
         ("He was immobilized.", "The boy burst out laughing.", "'Well?", "Had enough?")),
        ('She sat down. "I know. You told me.', ("She sat down.", '"I know.', "You told me.")),
        # ... and a closing mark sentencex put at the start of the next sentence goes back.
        ("Why would they want to be bothered with the likes of us.' 'I wouldn't say that,' said Grannie "
         "Liu. 'Man proposes, God disposes.",
         ("Why would they want to be bothered with the likes of us.'", "'I wouldn't say that,' said Grannie Liu.",
          "'Man proposes, God disposes.")),
        # A quoted question and its short attribution are one sentence; an action after it,
        # or anything after a full stop, is a sentence of its own.
        ('"What does Bessie say I have done?" I asked. "Can you print it?" Wang Miao asked him. '
         '"I surrender!" Misty laughed and set him free. "It is late." I said nothing.',
         ('"What does Bessie say I have done?" I asked.', '"Can you print it?" Wang Miao asked him.',
          '"I surrender!"', "Misty laughed and set him free.", '"It is late."', "I said nothing.")),
        # Tokenised text sets a space before a closing mark too: it stays with its sentence.
        ('"I\'ve never been curious about him. My real father is the guy who raised me. " That guy is Mike.',
         ('"I\'ve never been curious about him.', 'My real father is the guy who raised me. "',
          "That guy is Mike.")),
        ('Everybody thought I was talking nonsense. " Even now, he says, doctors treat diseases. '
         '"It\'s self-inflicted."',
         ('Everybody thought I was talking nonsense. "', "Even now, he says, doctors treat diseases.",
          '"It\'s self-inflicted."')),
        # An initial ends a sentence when a closing mark follows its full stop.
        ('"It might happen around one o\'clock A.M." "Wow, so precise!" I saw J. Watson.',
         ('"It might happen around one o\'clock A.M."', '"Wow, so precise!"', "I saw J. Watson.")),
        # A speech broken off with a dash ends its sentence when a new one follows.
        ("'Yes, I could have had you, though—' 'Is that right?' protested Trinket. 'I—' she began.",
         ("'Yes, I could have had you, though—'", "'Is that right?' protested Trinket.", "'I—' she began.")),
    ),
)
