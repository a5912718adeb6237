#!/usr/bin/env python3
"""Development server for digitlab's built site: 127.0.0.1 only, with the cross-origin isolation
headers WebAssembly threads need (COOP/COEP/CORP), application/wasm, and no caching."""
import argparse
import functools
import http.server
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SITE = os.path.join(REPO, "build", "web", "site")


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

    def end_headers(self):
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
    args = parser.parse_args()

    if not os.path.isfile(os.path.join(args.dir, "index.html")):
        sys.exit(f"serve.py: {args.dir} has no index.html; build it first (tools/serve)")
    Handler.quiet = args.quiet
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
