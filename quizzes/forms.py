"""Teacher forms: they read what a teacher typed; `question_errors` alone judges a question."""

from django import forms

from quizzes.models import Question, QuestionSet

CHOICE, TEXT, TRUE_FALSE, ORDER, MATCH = (
    Question.Type.CHOICE,
    Question.Type.TEXT,
    Question.Type.TRUE_FALSE,
    Question.Type.ORDER,
    Question.Type.MATCH,
)

# How the pages name each type of question: what a teacher is about to write.


class QuestionSetForm(forms.ModelForm):
    class Meta:
        model = QuestionSet
        fields = ["title", "description", "is_published", "visibility"]
        labels = {
            "is_published": "Published (students can find and study it)",
            "visibility": "Who can find it",
        }
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "description": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without it (an older page, a script) leaves the set as it is.
        self.fields["visibility"].required = False

    def clean_visibility(self) -> str:
        return self.cleaned_data.get("visibility") or self.instance.visibility


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        help_text="CSV (.csv) or Moodle GIFT (.gift, .txt). Every row is checked first: "
        "if one is wrong, nothing is imported.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.gift,.txt,text/csv,text/plain"}),
    )


class JudgedByServiceField(forms.CharField):
    """Marked as needed on the page, but an empty value still reaches `question_errors`,
    so the teacher reads the same reason as the API and the importers give."""

    def validate(self, value):
        pass


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionForm(forms.Form):
    """One form for every type; the type decides which answer fields it shows."""

    kind = JudgedByServiceField(
        widget=forms.Select(choices=Question.Kind.choices),
        initial="other",
        help_text="What it asks about; students pick quizzes by kind.",
    )
    prompt = JudgedByServiceField(label="Question", widget=forms.Textarea(attrs={"rows": 3}))
    items = JudgedByServiceField(
        label="Items to match",
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text="One per line, e.g. events.",
    )
    choices = JudgedByServiceField(
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text="One per line.",
    )
    answer = JudgedByServiceField(widget=forms.TextInput(attrs={"dir": "auto"}))
    accepted_answers = forms.CharField(
        required=False,
        label="Other accepted answers",
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text="One per line: other spellings, aliases, another script. Case, accents and "
        "punctuation are forgiven anyway.",
    )
    explanation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to students after they answer.",
    )

    def __init__(self, *args, question_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_type = question_type
        self.fields["prompt"].widget.attrs["dir"] = "auto"
        if question_type == CHOICE:
            self.fields["choices"].label = "Choices"
            self.fields["answer"].label = "Right choice"
            self.fields["answer"].help_text = "Exactly as it is written among the choices."
            self.fields["answer"].widget.attrs["list"] = "id_choices_list"
        elif question_type == TEXT:
            self.fields["answer"].label = "Right answer"
        elif question_type == TRUE_FALSE:
            self.fields["prompt"].label = "Statement"
            self.fields["answer"].label = "The statement is"
            self.fields["answer"].widget = forms.RadioSelect(choices=[("true", "True"), ("false", "False")])
        elif question_type == ORDER:
            self.fields["choices"].label = "Items in the right order"
            self.fields["choices"].help_text = "One per line, first to last; students get them shuffled."
        elif question_type == MATCH:
            self.fields["choices"].label = "Their matches"
            self.fields[
                "choices"
            ].help_text = "One per line, in the same order as the items; students get them shuffled."
        if question_type not in Question.TYPES_WITH_CHOICES:
            del self.fields["choices"]
        if question_type != MATCH:
            del self.fields["items"]
        if question_type in Question.TYPES_WITH_LIST_ANSWERS:
            del self.fields["answer"]
        if question_type != TEXT:
            del self.fields["accepted_answers"]

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        """What the form shows for a saved question; order items in their right order."""
        initial = {"kind": question.kind, "prompt": question.prompt, "explanation": question.explanation}
        if question.type == CHOICE:
            initial["choices"] = "\n".join(choice.text for choice in question.choices.all())
            initial["answer"] = question.answer
        elif question.type == TEXT:
            initial["answer"] = question.answer
            initial["accepted_answers"] = "\n".join(
                accepted.text for accepted in question.accepted_answers.all()
            )
        elif question.type == TRUE_FALSE:
            initial["answer"] = "true" if question.answer is True else "false"
        elif question.type == ORDER:
            initial["choices"] = "\n".join(question.answer)
        elif question.type == MATCH:
            initial["items"] = "\n".join(question.items)
            initial["choices"] = "\n".join(question.answer)
        return initial

    def question_fields(self) -> dict:
        """The fields `create_question` and `update_question` take; call after is_valid()."""
        values = self.cleaned_data
        fields = {
            "kind": values["kind"],
            "type": self.question_type,
            "prompt": values["prompt"],
            "explanation": values["explanation"],
            "choices": lines(values.get("choices", "")),
            "items": lines(values.get("items", "")),
        }
        # Only a text question shows its accepted answers; the others keep theirs untouched.
        if "accepted_answers" in self.fields:
            fields["accepted_answers"] = lines(values["accepted_answers"])
        if self.question_type == TRUE_FALSE:
            fields["answer"] = {"true": True, "false": False}.get(values["answer"])
        elif self.question_type in Question.TYPES_WITH_LIST_ANSWERS:
            fields["answer"] = fields["choices"]
        else:
            fields["answer"] = values["answer"]
        return fields

    def add_question_errors(self, errors: dict[str, list[str]]) -> None:
        """Each reason beside the field it is about; an order or match question's answer is its choices."""
        for name, reasons in errors.items():
            if name == "answer" and self.question_type in Question.TYPES_WITH_LIST_ANSWERS:
                name = "choices"
            for reason in reasons:
                self.add_error(name if name in self.fields else None, reason)


class CopyFilterForm(forms.Form):
    """Which questions to list for copying; every field may stay at "any"."""

    source_set = forms.ModelChoiceField(
        queryset=QuestionSet.objects.none(), required=False, label="From set", empty_label="Any set"
    )
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Question.Kind.choices], required=False)
    type = forms.ChoiceField(choices=[("", "Any type"), *Question.Type.choices], required=False, label="Type")

    def __init__(self, *args, sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_set"].queryset = sets

    def filters(self) -> dict:
        """Keyword arguments for `teaching.questions_to_copy`; empty when the form is invalid."""
        if not self.is_valid():
            return {}
        chosen = self.cleaned_data
        return {
            "set_id": chosen["source_set"].pk if chosen["source_set"] else None,
            "kind": chosen["kind"],
            "type": chosen["type"],
        }
