import urllib.request


class Client:
    def __init__(self, token: str):
        self.token = token

    def post(self, channel: str, text: str) -> None:
        req = urllib.request.Request("https://slack.com/api/chat.postMessage", method="POST")
        req.add_header("Authorization", f"Bearer {self.token}")
        urllib.request.urlopen(req, data=f"channel={channel}&text={text}".encode())
