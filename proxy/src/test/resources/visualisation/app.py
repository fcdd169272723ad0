"""A tiny shared visualisation for tests: a Flask app (Debian python3-flask) that names who is looking."""
import sys

from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/")
def index():
    viewer = escape(request.headers.get("X-Workspace-User-Email", "nobody"))
    return f"<!doctype html><title>Trade chart</title><h1 id='chart'>Trade chart</h1><p id='viewer'>{viewer}</p>"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]))
