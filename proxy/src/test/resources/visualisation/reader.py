"""A test tool that reads a dataset's table with the credentials its instance was given (PG* variables)."""
import http.server
import json
import os
import subprocess
import sys


def read():
    done = subprocess.run(["psql", "-At", "-c", "SELECT sum(value) FROM public.trade"],
                          capture_output=True, text=True, timeout=20)
    return {"returncode": done.returncode, "stdout": done.stdout.strip(), "stderr": done.stderr.strip(),
            "user": os.environ.get("PGUSER", ""),
            "dsn": sorted(k for k in os.environ if k.startswith("DATABASE_DSN__"))}


class Reader(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(read() if self.path.startswith("/read") else {"ok": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Reader).serve_forever()
