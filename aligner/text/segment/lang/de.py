"""German: SoMaJo (ordinals such as "31. Dezember", "z. B.", „…" quotes)."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    splitter="somajo",
    examples=(
        ("Am 31. Dezember 1936 schrieb er z. B. einen Brief. Er sagte: „Das ist falsch.\" "
         "Dann ging er. Im Jahre 1926-1927 waren sie Gegner.",
         ("Am 31. Dezember 1936 schrieb er z. B. einen Brief.", "Er sagte: „Das ist falsch.\"", "Dann ging er.",
          "Im Jahre 1926-1927 waren sie Gegner.")),
        ("„Ich komme. Du bleibst hier. Es ist kalt. Wir gehen morgen.“ Sie ging hinaus.",
         ("„Ich komme.", "Du bleibst hier.", "Es ist kalt.", "Wir gehen morgen.“", "Sie ging hinaus.")),
    ),
)
