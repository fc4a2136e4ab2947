"""Editorial admin: stories with their images, sections and tags."""

from articles.admin import articles, taxonomy  # noqa: F401  (registers the ModelAdmins)
