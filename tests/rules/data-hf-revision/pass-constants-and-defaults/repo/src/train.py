from datasets import load_dataset as ld
import transformers as tr
from huggingface_hub import hf_hub_download

MODEL_ID = "distilbert/distilbert-base-uncased"
MODEL_REVISION = "32cb9ffb314dfaf384a0f61ca65dca781be66d9e"


def load_data(name: str = "stanfordnlp/imdb", revision: str = "d243c74c0d000d7fee3a36d820dc7ea7711aa58d"):
    return ld(name, revision=revision)


def main() -> None:
    data = load_data()
    tok = tr.AutoTokenizer.from_pretrained(MODEL_ID, revision=MODEL_REVISION)
    model = tr.AutoModelForSequenceClassification.from_pretrained("./checkpoints/last")
    vocab = hf_hub_download("distilbert/distilbert-base-uncased", "vocab.txt", revision=MODEL_REVISION)
    local = ld("csv", data_files="data/extra.csv")
