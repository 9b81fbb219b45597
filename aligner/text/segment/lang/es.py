"""Spanish: titles, and ordinary words sentencex's list holds for abbreviations ("no.", "bien.")."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    titles="Sr Sra Srta Sres Sras D Dña Dr Dra Lic Ing Prof Sto Sta Ud Uds Vd Vds",
    not_abbreviations="bien no mar sobre entre contra para con de en un ante tras ex auto bis",
    examples=(
        ("Estaba bien. La Dra. López vino. Dijo que no. ¿Y tú? Miraba el mar. «Ven», dijo. No. 5 es aquí.",
         ("Estaba bien.", "La Dra. López vino.", "Dijo que no.", "¿Y tú?", "Miraba el mar.", "«Ven», dijo.",
          "No. 5 es aquí.")),
        ("—¿Lo sabe usted? —preguntó Mrs. Bennet. Mr. Bennet contestó que no.",
         ("—¿Lo sabe usted? —preguntó Mrs. Bennet.", "Mr. Bennet contestó que no.")),
        ("—Ya voy. Tú te quedas aquí. Hace frío —dijo ella. Salió.",
         ("—Ya voy.", "Tú te quedas aquí.", "Hace frío —dijo ella.", "Salió.")),
        ("«¡Vámonos! El tren no espera. ¡Rápido! ¿Vienes?» —¿De verdad? —preguntó ella. Se fueron.",
         ("«¡Vámonos!", "El tren no espera.", "¡Rápido!", "¿Vienes?»", "—¿De verdad? —preguntó ella.",
          "Se fueron.")),
    ),
)
