"""Chinese: no spaces between sentences; 。！？ end one whatever follows, a Latin initial
does not; sentencex's generic rules, with the quotation repairs, measured good enough
(benchmarks/segmentation.py: boundary F1 0.977)."""

from aligner.text.segment.lang import LanguageFacts

FACTS = LanguageFacts(
    measured=True,
    examples=(
        ("又想：“刚才真笨，该当把几碟点心倒在袋里便走。这里又不是丽春院，难道短了什么？”他走了。她说：“你走吧！”我走了。",
         ("又想：“刚才真笨，该当把几碟点心倒在袋里便走。", "这里又不是丽春院，难道短了什么？”", "他走了。",
          "她说：“你走吧！”", "我走了。")),
        # A speech broken off (——”, ……”) or closed by nested marks (。’”) ends its sentence.
        ("袭人笑问道：“你为什么——”说到这里，把眼又往四下里瞧了瞧。刘老老道：“少不得说了……”"
         "刚说到这里，只听小厮们回说：“叫二奶奶裁夺着就是了。’”凤姐听了说道：“怪道。”",
         ("袭人笑问道：“你为什么——”", "说到这里，把眼又往四下里瞧了瞧。", "刘老老道：“少不得说了……”",
          "刚说到这里，只听小厮们回说：“叫二奶奶裁夺着就是了。’”", "凤姐听了说道：“怪道。”")),
        # A stammer (我……我) is no sentence end; an ellipsis before a new sentence is.
        ("“我……我头痛得很，怕…… 怕得厉害，这个……这个，一言既出，……驷马难追。”他走了……天黑了。",
         ("“我……我头痛得很，怕…… 怕得厉害，这个……这个，一言既出，……驷马难追。”", "他走了……", "天黑了。")),
        ("今天，他们已经成为亿万富翁。1994年7月4日，杰夫把家搬到西雅图。"
         "当时，他在D. E. Shaw公司任职。没有E. T.，更没有恐龙。",
         ("今天，他们已经成为亿万富翁。", "1994年7月4日，杰夫把家搬到西雅图。", "当时，他在D. E. Shaw公司任职。",
          "没有E. T.，更没有恐龙。")),
    ),
)
