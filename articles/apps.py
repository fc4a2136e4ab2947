from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles.images import delete_files_of_deleted_image

        # The one place image files are removed on delete: a single image, a story's cascade, or a
        # bulk delete in the admin all send post_delete for each image row.
        post_delete.connect(
            delete_files_of_deleted_image,
            sender="articles.ArticleImage",
            dispatch_uid="articles.images.delete_files",
        )
