import os

import joblib
import numpy
from inference_schema.parameter_types.numpy_parameter_type import NumpyParameterType
from inference_schema.schema_decorators import input_schema, output_schema


def init():
    global model
    model = joblib.load(os.path.join(os.getenv("AZUREML_MODEL_DIR"), "ridge.pkl"))


@input_schema("data", NumpyParameterType(numpy.array([[0.1] * 10])))
@output_schema(NumpyParameterType(numpy.array([150.0])))
def run(data):
    return model.predict(data).tolist()
