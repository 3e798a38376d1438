import os
import zipfile

import gdown

DRIVE_PREFIX = "https://drive.google.com/uc?/export=download&id="


def fetch_archive(share_url: str, archive: str, out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    file_id = share_url.split("/")[-2]
    # the share link names the file; the export URL downloads it
    gdown.download(DRIVE_PREFIX + file_id, archive)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(out_dir)
