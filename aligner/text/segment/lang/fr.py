"""French: titles before a name (sentencex ends a sentence at "M.", "Mme.", "Dr.")."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    titles="M MM Mme Mmes Mlle Mlles Me Mgr Dr Pr Prof St Ste",
    examples=(
        ("Nous avons vu M. Dupont hier. Il allait bien. Mme. Curie est là. Oui. Le Dr. Martin vint.",
         ("Nous avons vu M. Dupont hier.", "Il allait bien.", "Mme. Curie est là.", "Oui.", "Le Dr. Martin vint.")),
        # Translations of English novels keep English titles; sentencex ends a sentence there.
        ("—Mon cher Mr. Bennet, savez-vous que Netherfield est loué? Mr. Bennet l'ignorait.",
         ("—Mon cher Mr. Bennet, savez-vous que Netherfield est loué?", "Mr. Bennet l'ignorait.")),
        ("« Mrs. Long sort d'ici. » Mr. Bennet ne répondit pas.",
         ("« Mrs. Long sort d'ici. »", "Mr. Bennet ne répondit pas.")),
        ("« Je viens. Tu restes ici. Il fait froid. Nous partirons demain. » Elle sortit.",
         ("« Je viens.", "Tu restes ici.", "Il fait froid.", "Nous partirons demain. »", "Elle sortit.")),
        # A (narrow no-break, cleaned to plain) space before ! and ?.
        ("« Partons ! Le train n'attend pas. Vite\u202f! » — Vraiment ? demanda-t-elle. Ils partirent.",
         ("« Partons !", "Le train n'attend pas.", "Vite ! »", "— Vraiment ? demanda-t-elle.", "Ils partirent.")),
        # A whole exchange in one « », each turn opened by a dash.
        ("« Mon cher, savez-vous que Netherfield est loué ? — M. Bennet l'ignorait. — Eh bien, c'est fait. "
         "— Vraiment ? — dit-il. »",
         ("« Mon cher, savez-vous que Netherfield est loué ?", "— M. Bennet l'ignorait.", "— Eh bien, c'est fait.",
          "— Vraiment ? — dit-il. »")),
        # Tokenised or OCR'd text sets a space before the full stop too.
        ("Il dit : « Partons . Le train n' attend pas . Vite ! » Elle part .",
         ("Il dit : « Partons .", "Le train n' attend pas .", "Vite ! »", "Elle part .")),
        ("Il y avait env. 30 personnes. Il habite av. Victor Hugo.",
         ("Il y avait env. 30 personnes.", "Il habite av. Victor Hugo.")),
    ),
)
