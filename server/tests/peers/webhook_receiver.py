"""A webhook receiver for Atelier's tests.

Every request is verified with the `standardwebhooks` package (the
specification's reference implementation, independent of Atelier's
signing) against each secret given, and recorded. Requests for one event id
that are in flight at the same time are recorded as overlaps.

    webhook_receiver.py PORT SECRET [SECRET ...]

GET /received answers {"received": [...], "overlaps": [...]}; POST
/answer?status=N&delay=S makes later requests wait S seconds and answer N.
Prints "listening PORT" once it accepts requests.
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRETS = sys.argv[2:]
LOCK = threading.Lock()
STATE = {"received": [], "overlaps": [], "in_flight": {}, "status": 204, "delay": 0.0}


class Receiver(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=b""):
        self.send_response(status)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != "/received":
            return self.answer(404)
        with LOCK:
            body = json.dumps({"received": STATE["received"], "overlaps": STATE["overlaps"]})
        self.answer(200, body.encode())

    def do_POST(self):
        url = urlparse(self.path)
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        if url.path == "/answer":
            query = parse_qs(url.query)
            with LOCK:
                STATE["status"] = int(query.get("status", ["204"])[0])
                STATE["delay"] = float(query.get("delay", ["0"])[0])
            return self.answer(204)
        headers = {k.lower(): v for k, v in self.headers.items()}
        event_id = headers.get("webhook-id", "")
        verified = []
        for secret in SECRETS:
            try:
                Webhook(secret).verify(body, headers)
                verified.append(secret)
            except WebhookVerificationError:
                pass
        with LOCK:
            if STATE["in_flight"].get(event_id, 0) > 0:
                STATE["overlaps"].append(event_id)
            STATE["in_flight"][event_id] = STATE["in_flight"].get(event_id, 0) + 1
            status = STATE["status"] if verified else 401
            delay = STATE["delay"]
        try:
            time.sleep(delay)
            parsed = json.loads(body or b"null")
            with LOCK:
                STATE["received"].append({
                    "id": event_id,
                    "type": (parsed or {}).get("type"),
                    "verified_with": verified,
                    "signatures": headers.get("webhook-signature", "").split(" "),
                    "answered": status,
                    "body": parsed,
                })
            self.answer(status)
        finally:
            with LOCK:
                STATE["in_flight"][event_id] -= 1


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver)
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
