"""What a refused form says, for pages that answer a POST with a redirect and a
message instead of showing the form again."""


def error_texts(form, *, labels: bool = True) -> list[str]:
    """Each of the form's own errors in Russian, the field's label first where the
    page has several fields («Справка …: Отправленный файл пуст.»)."""
    texts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        prefix = f"{field.label}: " if labels and field is not None and field.label else ""
        texts.extend(f"{prefix}{error}" for error in errors)
    return texts
