"""Checks on uploaded files: size, allowed types, and that the content is what its name says."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Extension → the leading bytes a real file of that type starts with.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "wps": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}


def check_upload(upload: UploadedFile) -> str:
    """Return the normalised extension, or raise ValueError with a plain message."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = settings.ATTACHMENT_TYPES
    if ext not in allowed:
        raise ValueError(_("不支持的文件类型「%(e)s」。允许：%(a)s。") % {
            "e": ext or _("无扩展名"), "a": "、".join(sorted(allowed))})
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValueError(_("文件「%(n)s」过大（%(s).1f MB），上限为 %(l)d MB。") % {
            "n": name, "s": (upload.size or 0) / 1_048_576, "l": limit // 1_048_576})
    if upload.size == 0:
        raise ValueError(_("文件「%(n)s」是空文件。") % {"n": name})
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES.get(ext, (b"",))):
        raise ValueError(_("文件「%(n)s」的内容不是 %(e)s 格式，可能改过扩展名。") % {
            "n": name, "e": ext.upper()})
    return ext
