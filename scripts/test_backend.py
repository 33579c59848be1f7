#!/usr/bin/env python3
"""A tiny HTTP backend for trying ferrum-proxy by hand (Python 3 standard library only).

    python3 scripts/test_backend.py 3001

Answers every path with its port and the request path ("backend port=3001 path=/api/users"),
and GET /health with 200 "ok", so you can watch the proxy balance and check backends.
Binds 127.0.0.1 only. Ctrl-C stops it.
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, status, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path == "/health":
            self._answer(200, "ok\n")
        else:
            self._answer(200, f"backend port={self.server.server_port} path={self.path}\n")

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _handle

    def log_message(self, format, *args):
        pass


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        print("usage: python3 scripts/test_backend.py PORT", file=sys.stderr)
        raise SystemExit(2)
    port = int(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
