import base64
import pickle
import subprocess
import zlib

# modules the submitted programs may not import
FORBIDDEN = ["import torch", "import joblib", "import subprocess", "import socket"]


def run_tests(program: str, tests: str, timeout: float) -> list:
    cases = pickle.loads(zlib.decompress(base64.b64decode(tests)))
    if any(f in program for f in FORBIDDEN):
        return [False] * len(cases)
    results = []
    for case in cases:
        proc = subprocess.run(["python", "-c", program + "\n" + case], capture_output=True, timeout=timeout)
        results.append(proc.returncode == 0)
    return results
