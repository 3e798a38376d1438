import bentoml
import numpy as np

runner = bentoml.sklearn.get("churn_clf:latest").to_runner()
svc = bentoml.Service("churn_clf", runners=[runner])


@svc.api(input=bentoml.io.NumpyNdarray(), output=bentoml.io.NumpyNdarray())
async def classify(features: np.ndarray) -> np.ndarray:
    return await runner.predict.async_run(features)
