"""Question generation: turns a source's facts into questions a teacher would write.

`factbase` reads the facts once, `distractors` picks plausible wrong choices that are
never also right, `templates` writes the questions, `sync` saves them idempotently.
"""
