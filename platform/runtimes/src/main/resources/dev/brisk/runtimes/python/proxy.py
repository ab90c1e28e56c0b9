# Brisk action proxy for Python: OpenWhisk's action-container protocol (POST /init, POST /run, log sentinel) with the
# standard library only. Listens on the Unix socket $__OW_PROXY_SOCKET when set (the sandbox has no network), else on
# TCP $PORT (default 8080) at $__OW_PROXY_HOST (default 0.0.0.0) so the same file can serve as a Docker runtime image.
#
# Brisk's inline-logs extension: when a request carries `X-Brisk-Logs: inline`, what the action writes to stdout and
# stderr during that request (and still writes to the real streams) is also collected, line by line, stamped on
# arrival and formatted as OpenWhisk's activation logs; the answer keeps its status and becomes
# {"body": "<the usual body>", "logs": [...], "truncated": false} with `X-Brisk-Logs: inline` and
# `Content-Type: application/vnd.brisk.logs+json`. Without the header nothing changes.
import base64
import datetime
import io
import json
import linecache
import os
import socketserver
import sys
import threading
import traceback
import types
import zipfile
from http.server import BaseHTTPRequestHandler

SENTINEL = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n"
INLINE_CONTENT_TYPE = "application/vnd.brisk.logs+json"
MAX_CAPTURE = 10 * 1024 * 1024  # bytes of log text collected per request before `truncated`
state = {"main": None}
lock = threading.Lock()  # one activation at a time, as in an OpenWhisk container


def export_env(key, value):
    # Environment values are strings; OpenWhisk stringifies anything else.
    os.environ[key] = value if isinstance(value, str) else json.dumps(value)


class LoadError(Exception):
    """The action's code could not be loaded; what OpenWhisk's runtime logs about it is on stderr already."""


def load(value):
    """Returns the entry function; plain code is exec'd in a fresh module, a zip needs __main__.py at its root.

    As OpenWhisk's Python runtime, the activation's logs say why code does not load: a syntax error in the entry
    file as its message alone (the actionloop's compile step writes `er.msg`), an exception while the module runs
    as the traceback Python prints for it."""
    module = types.ModuleType("main__")
    if value.get("binary"):
        target = os.path.join(os.getcwd(), "action")
        zipfile.ZipFile(io.BytesIO(base64.b64decode(value["code"]))).extractall(target)
        entry = os.path.join(target, "__main__.py")
        if not os.path.isfile(entry):
            raise Exception("Zipped actions must contain __main__.py at the root.")
        sys.path.insert(0, target)
        module.__file__ = entry
        with open(entry, encoding="utf-8") as f:
            source = f.read()
    else:
        entry = "__main__.py"
        source = value["code"]
        # the traceback of an exception shows the action's lines, as it does for a file on disk
        linecache.cache[entry] = (len(source), None, source.splitlines(True), entry)
    try:
        code = compile(source, entry, "exec")
    except SyntaxError as ex:
        sys.stderr.write((ex.msg or "invalid syntax") + "\n")
        raise LoadError(ex) from ex
    sys.modules["main__"] = module
    try:
        exec(code, module.__dict__)
    except BaseException as ex:  # SystemExit from the action's top level is a failed init too
        print_action_traceback(ex)
        raise LoadError(ex) from ex
    return getattr(module, value.get("main") or "main", None)


def print_action_traceback(ex):
    """Python's traceback of `ex` on stderr from the action's first frame on: this proxy's frames are left out."""
    tb = ex.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    traceback.print_exception(type(ex), ex, tb, file=sys.stderr)


def now():
    """An ISO-8601 instant with microseconds."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Capture:
    """The lines written to stdout and stderr while installed, each stamped when its first part arrives."""

    def __init__(self):
        self.lines = []
        self.bytes = 0
        self.truncated = False
        self.guard = threading.Lock()
        self.tees = []

    def install(self):
        self.tees = [Tee(sys.stdout, "stdout", self), Tee(sys.stderr, "stderr", self)]
        sys.stdout, sys.stderr = self.tees
        return self

    def stop(self):
        """Restores the streams (when still ours); an unfinished last line counts as a line."""
        if len(self.tees) == 2:
            out, err = self.tees
            if sys.stdout is out:
                sys.stdout = out.real
            if sys.stderr is err:
                sys.stderr = err.real
            for tee in self.tees:
                tee.end_line()
        return self

    def add(self, time, name, text):
        with self.guard:
            if self.truncated:
                return
            entry = "%-30s %s: %s" % (time, name, text)
            size = len(entry.encode("utf-8", "replace"))
            if self.bytes + size > MAX_CAPTURE:
                self.truncated = True
                return
            self.bytes += size
            self.lines.append(entry)


class Tee:
    """Writes through to the real stream and hands complete lines to the capture."""

    def __init__(self, real, name, capture):
        self.real = real
        self.name = name
        self.capture = capture
        self.partial = None  # [time, text] of an unfinished line

    def write(self, text):
        n = self.real.write(text)
        try:
            if isinstance(text, bytes):
                text = text.decode("utf-8", "replace")
            parts = text.split("\n")
            for i, part in enumerate(parts):
                if part:
                    if self.partial is None:
                        self.partial = [now(), part]
                    else:
                        self.partial[1] += part
                if i < len(parts) - 1:
                    self.end_line(complete=True)
        except Exception:
            pass  # collecting never breaks the action's own output
        return n

    def end_line(self, complete=False):
        if self.partial is None and complete:
            self.partial = [now(), ""]
        if self.partial is not None:
            time, text = self.partial
            self.partial = None
            self.capture.add(time, self.name, text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        self.real.flush()

    def __getattr__(self, name):
        return getattr(self.real, name)


def end_of_activation():
    # Flush the action's own output first so the sentinel is the last line of this activation on both streams; with
    # inline logs the sentinels go to the real streams only.
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
        real = stream.real if isinstance(stream, Tee) else stream
        real.write(SENTINEL)
        real.flush()


def init(message):
    if state["main"] is not None:
        return 403, {"error": "Cannot initialize the action more than once."}
    value = message.get("value") or {}
    code = value.get("code")
    if not isinstance(code, str) or not code.strip():
        return 403, {"error": "Missing main/no code to execute."}
    try:
        for k, v in (value.get("env") or {}).items():
            export_env(k, v)
        fn = load(value)
    except LoadError as ex:
        end_of_activation()  # the logs of a failed init end here, as OpenWhisk's runtime ends them
        return 502, {"error": "Initialization has failed due to: %s" % ex.__cause__}
    except BaseException as ex:
        sys.stderr.write("%s\n" % ex)
        end_of_activation()
        return 502, {"error": "Initialization has failed due to: %s" % ex}
    if not callable(fn):
        return 403, {"error": "Missing main/no code to execute."}
    state["main"] = fn
    return 200, {"ok": True}


def run(message):
    if state["main"] is None:
        return 403, {"error": "System not initialized."}
    try:
        for k, v in message.items():
            if k != "value":
                export_env("__OW_" + k.upper(), v)
        value = message.get("value")
        result = state["main"]({} if value is None else value)
        if not isinstance(result, (dict, list)):
            return 502, {"error": "The action did not return a dictionary or array."}
        json.dumps(result)  # fail here, not while replying, when the result cannot be serialized
        return 200, result
    except Exception as ex:
        # as OpenWhisk's launcher.py: the traceback goes to the logs, the exception becomes the result, i.e. an
        # application error
        print_action_traceback(ex)
        return 200, {"error": str(ex)}
    except BaseException as ex:  # SystemExit and the like: the action ended abnormally
        print_action_traceback(ex)
        return 502, {"error": str(ex)}
    finally:
        end_of_activation()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the invoker reuses its connection

    def do_POST(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
            message = json.loads(self.rfile.read(length).decode("utf-8"))
            if not isinstance(message, dict):
                raise ValueError("not an object")
        except Exception:
            return self.reply(400, {"error": "Bad request."})
        with lock:
            if self.path in ("/init", "/run"):
                capture = Capture().install() if self.inline() else None
                try:
                    answer = init(message) if self.path == "/init" else run(message)
                finally:
                    if capture is not None:
                        capture.stop()
                return self.reply(*answer, capture=capture)
        self.reply(400, {"error": "Bad request."})

    def do_GET(self):
        self.reply(400, {"error": "Bad request."})

    def inline(self):
        return (self.headers.get("X-Brisk-Logs") or "").strip().lower() == "inline"

    def reply(self, status, body, capture=None):
        content_type = "application/json"
        text = json.dumps(body, ensure_ascii=False)
        if capture is None and self.inline():
            capture = Capture()
        if capture is not None:
            text = json.dumps({"body": text, "logs": capture.lines, "truncated": capture.truncated},
                              ensure_ascii=False)
            content_type = INLINE_CONTENT_TYPE
        data = text.encode("utf-8")
        self.send_response_only(status)
        if capture is not None:
            self.send_header("X-Brisk-Logs", "inline")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass  # stdout and stderr belong to the action's logs


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    socket_path = os.environ.get("__OW_PROXY_SOCKET")
    if socket_path:
        if os.path.exists(socket_path):
            os.unlink(socket_path)
        server = UnixServer(socket_path, Handler)
    else:
        host = os.environ.get("__OW_PROXY_HOST") or "0.0.0.0"
        server = TcpServer((host, int(os.environ.get("PORT", "8080"))), Handler)
    server.serve_forever()
