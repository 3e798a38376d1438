import io

import numpy as np
from fastapi import FastAPI, File, UploadFile
from PIL import Image

from detector import detect
from schemas import DetectionsOut

app = FastAPI()


@app.post("/detect", response_model=DetectionsOut)
async def detect_route(file: UploadFile = File(...)) -> DetectionsOut:
    image = np.array(Image.open(io.BytesIO(await file.read())).convert("RGB"))
    return detect(image)
