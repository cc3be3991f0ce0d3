"""Where uploaded files live: Django's default storage (`STORAGES["default"]`), a local folder
under ACCORD_FILES_ROOT on one machine or an S3-compatible bucket shared by several.

Nothing else in Accord touches the folder or the bucket directly: `accord.core.files` writes,
opens and deletes through `file_storage()`, and `accord.core.backup` copies through it.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class LocalFilesStorage(FileSystemStorage):
    """The local uploads folder. Its location is ACCORD_FILES_ROOT read at each use (not once at
    start-up), so a deployment, a restore or a test that points the setting elsewhere is
    followed."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.ACCORD_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def file_storage():
    """The storage that holds uploaded files."""
    return storages["default"]


def walk(storage, folder: str = "") -> list[str]:
    """Every file name in `storage` under `folder`, sorted: the same walk for a folder and a
    bucket (listdir is the one listing call both implement)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += walk(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)
