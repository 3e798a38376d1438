FROM registry.example.com:5000/ml/batch-scoring:latest
COPY score.py .
