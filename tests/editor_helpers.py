"""What a browser sends for the fact source editor's form (quizzes/views/fact_editor.py)."""

from django.http import QueryDict


def posted(form, **changes) -> QueryDict:
    """What a browser sends for the form as shown (check boxes only when ticked)."""
    data = QueryDict(mutable=True)
    data["format"] = str(form.format)
    for cell in form.source:
        data[cell.name] = cell.value
    for section in form.sections:
        data[f"{section.section.name}-count"] = str(len(section.rows))
        for row in section.rows:
            for cell in row.cells:
                if cell.value is True:
                    data[cell.name] = "on"
                elif cell.value is not False:
                    data[cell.name] = cell.value
    for name, value in changes.items():
        data[name] = value
    return data
