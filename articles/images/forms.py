"""The upload field for any form that accepts a story image (admin inline, future import forms)."""

from django import forms

from articles.images.validation import accepted_mime_types, limits_help_text, validate_image_upload


class ImageUploadField(forms.FileField):
    """A file field that accepts only images that pass every upload check.

    Django's own ``forms.ImageField`` lets Pillow open the file with its default limits and reports
    every problem as "not a valid image"; this field says which rule was broken (the size limit,
    the pixel limit, the format, foreign content, a damaged file).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", limits_help_text())
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        info = validate_image_upload(upload)
        # The stored name is chosen later; give the file the extension of what it really is, so
        # that no rule anywhere trusts the name the browser sent.
        upload.name = f"upload.{info.extension}"
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", ",".join(accepted_mime_types()))
        return attrs
