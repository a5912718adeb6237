#!/usr/bin/env python3
"""Development server for digitlab's built site: 127.0.0.1 only, with the cross-origin isolation
headers WebAssembly threads need (COOP/COEP/CORP), application/wasm, and no caching. For tests it
can also break chosen downloads on purpose (--fault), to show how the page copes; off by default."""
import argparse
import functools
import json
import http.server
import os
import socket
import sys
import threading
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SITE = os.path.join(REPO, "build", "web", "site")


class Fault:
    """One way to break the download of one file (matched by its name, e.g. train-images-idx3-ubyte.gz),
    for its first `times` requests (None: every one)."""

    KINDS = ("truncate", "corrupt", "drop-after", "status")

    def __init__(self, spec, times):
        kind, _, rest = spec.partition(":")
        if kind not in self.KINDS or not rest:
            raise ValueError(f"--fault {spec!r}: expected KIND:FILE with KIND one of {', '.join(self.KINDS)} "
                             "(drop-after:BYTES:FILE, status:CODE:FILE)")
        self.kind, self.value = kind, None
        if kind in ("drop-after", "status"):
            number, _, rest = rest.partition(":")
            if not number.isdigit() or not rest:
                raise ValueError(f"--fault {spec!r}: expected {kind}:{'BYTES' if kind == 'drop-after' else 'CODE'}:FILE")
            self.value = int(number)
            if kind == "status" and not 400 <= self.value <= 599:
                raise ValueError(f"--fault {spec!r}: the status must be an error code (400-599)")
        self.file, self.times, self.applied = rest, times, 0
        self.lock = threading.Lock()

    def take(self, name):
        """Whether this request for `name` gets the fault (counting it)."""
        if name != self.file:
            return False
        with self.lock:
            if self.times is not None and self.applied >= self.times:
                return False
            self.applied += 1
            return True

    def describe(self):
        value = f"{self.value}:" if self.value is not None else ""
        return f"{self.kind}:{value}{self.file} ({self.applied} of {'every' if self.times is None else self.times})"


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the page, its workers and the data share connections
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        # The page inflates these itself; never advertise a Content-Encoding.
        ".gz": "application/octet-stream",
    }
    quiet = False
    plain = False
    faults = []
    count_bytes = False
    sent = {"bytes": 0, "requests": 0}
    sent_lock = threading.Lock()

    def do_GET(self):
        if self.count_bytes and urllib.parse.urlsplit(self.path).path == "/__bytes":
            with self.sent_lock:
                body = json.dumps(self.sent).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        name = os.path.basename(urllib.parse.urlsplit(self.path).path)
        fault = next((f for f in self.faults if f.take(name)), None)
        if fault is None:
            return super().do_GET()
        # The page learns of these only through the response, as it would from a real network.
        print(f"serve.py: fault {fault.describe()} on {self.path}", file=sys.stderr, flush=True)
        if fault.kind == "status":
            return self.send_error(fault.value, None, "fault injected by serve.py --fault")
        path = self.translate_path(self.path)
        try:
            with open(path, "rb") as f:
                body = f.read()
        except OSError:
            return self.send_error(404, "File not found")
        declared = len(body)
        if fault.kind == "truncate":  # a complete response of half the file, as a cut-off upload leaves it
            body = body[: len(body) // 2]
            declared = len(body)
        elif fault.kind == "corrupt":  # every byte of a 4 KiB run in the middle inverted
            middle = len(body) // 2
            body = body[:middle] + bytes(b ^ 0xFF for b in body[middle : middle + 4096]) + body[middle + 4096 :]
        elif fault.kind == "drop-after":  # the full length announced, then the connection closed early
            body = body[: fault.value]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(declared))
        if fault.kind == "drop-after":
            self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
            if fault.kind == "drop-after":
                # A moment for the page to read what came, as over a real network; then FIN after what was sent (a full shutdown or close could reset the connection and
                # lose those bytes in flight).
                time.sleep(0.5)
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def copyfile(self, source, outputfile):
        # Counts the bodies served (--count-bytes): what a visit downloads.
        data = source.read()
        outputfile.write(data)
        with self.sent_lock:
            self.sent["bytes"] += len(data)
            self.sent["requests"] += 1

    def end_headers(self):
        if not self.plain:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser closing a connection mid-download is routine, not worth a traceback.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port (default 8000)")
    parser.add_argument("--dir", default=DEFAULT_SITE, help="site directory (default build/web/site)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    parser.add_argument("--count-bytes", action="store_true",
                        help="for tests: GET /__bytes answers the bytes and requests served so far")
    parser.add_argument("--plain", action="store_true",
                        help="no cross-origin isolation headers, as a plain static host (GitHub Pages) serves")
    parser.add_argument("--fault", action="append", default=[], metavar="KIND:FILE",
                        help="for tests: break the download of FILE (a name such as train-images-idx3-ubyte.gz): "
                             "truncate:FILE (half of it, as a complete response), corrupt:FILE (4 KiB in the "
                             "middle inverted), drop-after:BYTES:FILE (the full length announced, the connection "
                             "closed after BYTES), status:CODE:FILE (an HTTP error); may be repeated")
    parser.add_argument("--fault-times", type=int, default=None, metavar="N",
                        help="each --fault applies to its file's first N requests only (default: all)")
    args = parser.parse_args()
    try:
        Handler.faults = [Fault(spec, args.fault_times) for spec in args.fault]
    except ValueError as e:
        parser.error(str(e))

    if not os.path.isfile(os.path.join(args.dir, "index.html")):
        sys.exit(f"serve.py: {args.dir} has no index.html; build it first (tools/serve)")
    Handler.quiet = args.quiet
    Handler.plain = args.plain
    Handler.count_bytes = args.count_bytes
    handler = functools.partial(Handler, directory=args.dir)
    with Server(("127.0.0.1", args.port), handler) as httpd:
        port = httpd.server_address[1]
        # Scripts (tests/e2e) read this line to find the port.
        print(f"Serving {args.dir} at http://127.0.0.1:{port}/", flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
