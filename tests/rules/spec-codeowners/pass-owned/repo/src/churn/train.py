from churn.model import ChurnNet
