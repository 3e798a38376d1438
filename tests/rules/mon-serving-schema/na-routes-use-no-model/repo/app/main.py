import joblib
import sqlite3

from fastapi import FastAPI

app = FastAPI()
db = sqlite3.connect("shop.db", check_same_thread=False)
ranker = joblib.load("artifacts/ranker.joblib")


@app.post("/orders")
def create_order(item_id: int, quantity: int) -> dict:
    cur = db.execute("INSERT INTO orders (item_id, quantity) VALUES (?, ?)", (item_id, quantity))
    db.commit()
    return {"order_id": cur.lastrowid}


@app.get("/orders/{order_id}")
def read_order(order_id: int) -> dict:
    row = db.execute("SELECT item_id, quantity FROM orders WHERE rowid = ?", (order_id,)).fetchone()
    return {"item_id": row[0], "quantity": row[1]}


@app.get("/model-info")
def model_info() -> dict:
    if not hasattr(ranker, "feature_names_in_"):
        return {"features": []}
    return {"features": list(ranker.feature_names_in_)}
