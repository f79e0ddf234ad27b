"""A real local HTTP receiver for webhooks: it checks each signature with the
subscription's secret, and can fail on purpose."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from admin_app.rules.core.webhook_deliveries import verify


class Receiver:
    def __init__(self, fail_first: int = 0):
        self.secret = ""
        self.fail_first = fail_first
        self.seen: list[dict] = []
        self.forged = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver._lock:
                    ok = verify(receiver.secret, self.headers.get("Webhook-Signature", ""),
                                body, int(time.time()))
                    receiver.forged += 0 if ok else 1
                    failing = receiver.fail_first > 0
                    receiver.fail_first -= 1 if failing else 0
                    if ok and not failing:
                        receiver.seen.append({"id": self.headers["Webhook-Id"],
                                              **json.loads(body)})
                self.send_response(500 if failing or not ok else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def types(self) -> list[str]:
        return [event["type"] for event in self.seen]
