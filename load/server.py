"""Start the portal under gunicorn on loopback, as `make serve` does, for load and fault runs.

Used by load/run.py and tests/test_concurrency.py. Every wait is bounded.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(database_url, **extra):
    """A production-like environment: DEBUG off, plain local HTTP, mail printed."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_HTTPS": "0",
        "EMAIL_CONSOLE": "1",
        "DATABASE_URL": database_url,
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class Gunicorn:
    """One app server: `with Gunicorn(env) as server: server.get("/")`."""

    def __init__(self, env, workers=3, port=None):
        self.port = port or free_port()
        self.env = {**env, "PORT": str(self.port), "WEB_CONCURRENCY": str(workers)}
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    def start(self, timeout=30):
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "portal/gunicorn.py"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_text()}")
            try:
                if self.get("/healthz", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout}s:\n{self.log_text()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def log_text(self):
        return Path(self.log.name).read_text(errors="replace")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, timeout=10, headers=None, method="GET"):
        opener = urllib.request.build_opener(NoRedirect)
        return fetch(opener, self.url(path), None, timeout, headers, method)

    def session(self):
        return Session(self)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(opener, url, data, timeout, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


class Session:
    """A browser-like client: keeps cookies, sends the CSRF token, doesn't follow redirects."""

    def __init__(self, server):
        self.server = server
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def get(self, path, timeout=10):
        return fetch(self.opener, self.server.url(path), None, timeout)

    def post(self, path, fields, timeout=20):
        """Load the form first, as a browser does, and send only its hidden fields back."""
        _, body, _ = self.get(path, timeout)
        return self.send(path, {**form_fields(body, hidden_only=True), **fields}, timeout)

    def submit(self, path, changes, timeout=20):
        """Load the form and send everything it holds, with `changes` applied."""
        _, body, _ = self.get(path, timeout)
        return self.send(path, {**form_fields(body), **changes}, timeout)

    def send(self, path, data, timeout=20):
        encoded = urlencode(data, doseq=True).encode()
        return fetch(self.opener, self.server.url(path), encoded, timeout)

    def log_in(self, username, password):
        status, _, headers = self.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        if status != 302:
            raise RuntimeError(f"login failed with {status}")
        return self


class _Forms(HTMLParser):
    """The fields each POST form of a page would submit, as a browser would send them."""

    def __init__(self, hidden_only):
        super().__init__()
        self.hidden_only = hidden_only
        self.forms, self.fields = [], None
        self.textarea = self.select = None

    def add(self, name, value):
        if self.fields is not None and name:
            self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.fields = {}
            self.forms.append(self.fields)
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if self.hidden_only and kind != "hidden":
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "image", "file", "reset"}:
                self.add(a.get("name"), a.get("value") or ("on" if kind == "checkbox" else ""))
        elif self.hidden_only:
            return
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]
        elif tag == "select":
            self.select = {"name": a.get("name"), "multiple": "multiple" in a, "first": None}
            self.select["chosen"] = False
        elif tag == "option" and self.select is not None:
            value = a.get("value") or ""
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in a:
                self.add(self.select["name"], value)
                self.select["chosen"] = True

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.fields = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.add(name, text.removeprefix("\n"))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            select, self.select = self.select, None
            if not (select["chosen"] or select["multiple"] or select["first"] is None):
                self.add(select["name"], select["first"])  # what browsers send by default


def form_fields(html, hidden_only=False):
    """The fields of the page's main POST form (the one with the most fields)."""
    parser = _Forms(hidden_only)
    parser.feed(html)
    return max(parser.forms, key=len, default={})
