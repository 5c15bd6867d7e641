"""An SMTP receiver for Atelier's tests, on `aiosmtpd` (plain SMTP, no TLS,
no authentication).

    smtp_receiver.py PORT DIR

Every message it accepts is written to DIR as one JSON file,
`{nanoseconds}-{random}.json`, holding the envelope and the raw message:

    {"mail_from": "...", "rcpt_tos": ["..."], "data_base64": "..."}

Each file is written under a temporary name and renamed, so that a reader
never sees half of one; the files of earlier runs on DIR stay. Prints
"listening PORT" once it accepts connections; SIGTERM (or SIGINT) stops it
cleanly.
"""

import base64
import json
import os
import signal
import sys
import threading
import time
import uuid

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "data_base64": base64.b64encode(envelope.original_content).decode("ascii"),
        }
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.json"
        partial = os.path.join(self.folder, f".{name}.partial")
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(record, f)
            f.flush()
            os.fsync(f.fileno())
        os.rename(partial, os.path.join(self.folder, name))
        return "250 OK"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    controller = Controller(Recorder(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening {port}", flush=True)
    try:
        stop.wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
