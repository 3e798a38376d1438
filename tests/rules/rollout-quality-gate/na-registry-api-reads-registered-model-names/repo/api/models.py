from fastapi import APIRouter
from mlflow.tracking import MlflowClient
from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import Deployment

router = APIRouter()
client = MlflowClient()


class ModelVersionRead(BaseModel):
    registered_model_name: str
    version: str
    aliases: list[str]


@router.get("/models/{name}/versions")
def list_versions(name: str) -> list[ModelVersionRead]:
    return [ModelVersionRead(registered_model_name=name, version=mv.version, aliases=list(mv.aliases))
            for mv in client.search_model_versions(f"name='{name}'")]


@router.post("/models/{name}/rename")
async def rename(name: str, new_name: str, db: AsyncSession) -> dict:
    client.rename_registered_model(name=name, new_name=new_name)
    await db.execute(update(Deployment).where(Deployment.registered_model_name == name)
                     .values(registered_model_name=new_name))
    return {"name": new_name}
