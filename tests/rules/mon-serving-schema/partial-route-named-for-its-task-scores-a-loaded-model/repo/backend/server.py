import io

from fastapi import FastAPI, File, Response
from segmenter import load_segmenter, segment

app = FastAPI(title="Street scene masks")
net = load_segmenter()


@app.post("/masks")
def masks(file: bytes = File(...)) -> Response:
    out = io.BytesIO()
    segment(net, file).save(out, format="PNG")
    return Response(out.getvalue(), media_type="image/png")


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}
