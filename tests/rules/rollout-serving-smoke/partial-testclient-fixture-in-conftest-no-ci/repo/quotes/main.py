from fastapi import FastAPI

from quotes.routes.predict import router


def create_app() -> FastAPI:
    app = FastAPI(title="premium quotes")
    app.include_router(router, prefix="/v1")
    return app
