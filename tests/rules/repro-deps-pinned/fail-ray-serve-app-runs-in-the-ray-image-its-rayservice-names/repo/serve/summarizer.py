from ray import serve
from starlette.requests import Request
from vllm import LLM, SamplingParams


@serve.deployment(ray_actor_options={"num_gpus": 1}, autoscaling_config={"min_replicas": 1, "max_replicas": 2})
class Summarizer:
    def __init__(self) -> None:
        self.llm = LLM(model="Qwen/Qwen2.5-1.5B-Instruct", revision="989aa7980e4cf806f80c7fef2b1adb7bc71aa306",
                       max_model_len=4096)
        self.params = SamplingParams(temperature=0.2, max_tokens=256)

    async def __call__(self, request: Request) -> dict:
        body = await request.json()
        prompt = f"Summarise in three sentences:\n\n{body['text']}\n\nSummary:"
        out = self.llm.generate([prompt], self.params)
        return {"summary": out[0].outputs[0].text.strip()}


app = Summarizer.bind()
