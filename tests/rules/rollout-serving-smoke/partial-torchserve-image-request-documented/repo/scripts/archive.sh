torch-model-archiver --model-name defects --version 1.0 \
  --model-file model/detector.py --serialized-file model/weights.pt \
  --handler image_classifier --export-path model-store/
