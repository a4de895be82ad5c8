"""An SMTP server that keeps what it receives: each message as DIR/NNNNNN.eml, with a first
header line `X-Peer: HOST:PORT` naming the connection it came over (as a relay's Received line
would), so a test can tell messages sent over one conversation from messages sent over several.

Used by scripts/smtp-sink (which installs aiosmtpd); prints "ready" once listening.
"""

import itertools
import pathlib
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory: pathlib.Path):
        self.directory = directory
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = next(self.numbers)
        tmp = self.directory / f".{n:06d}.tmp"
        host, port = session.peer[0], session.peer[1]
        tmp.write_bytes(f"X-Peer: {host}:{port}\r\n".encode() + (envelope.original_content or envelope.content))
        # the rename makes the file appear whole
        tmp.rename(self.directory / f"{n:06d}.eml")
        return "250 Message accepted for delivery"


def main() -> None:
    port, directory = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"ready: SMTP on 127.0.0.1:{port}, messages in {directory}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
