import time

import numpy as np
from ultralytics import YOLO

from schemas import Detection, DetectionsOut

_model = YOLO("yolov8n.pt")


def detect(image: np.ndarray) -> DetectionsOut:
    start = time.time()
    result = _model.predict(image, conf=0.3, verbose=False)[0]
    found = [Detection(label=result.names[int(b.cls)], score=float(b.conf), box=b.xyxy[0].tolist())
             for b in result.boxes]
    return DetectionsOut(detections=found, elapsed_ms=(time.time() - start) * 1000)
