# Brisk action proxy for Python: OpenWhisk's action-container protocol (POST /init, POST /run, log sentinel) with the
# standard library only. Listens on the Unix socket $__OW_PROXY_SOCKET when set (the sandbox has no network), else on
# TCP $PORT (default 8080) so the same file can serve as a Docker runtime image.
import base64
import io
import json
import os
import socketserver
import sys
import threading
import traceback
import types
import zipfile
from http.server import BaseHTTPRequestHandler

SENTINEL = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n"
state = {"main": None}
lock = threading.Lock()  # one activation at a time, as in an OpenWhisk container


def export_env(key, value):
    # Environment values are strings; OpenWhisk stringifies anything else.
    os.environ[key] = value if isinstance(value, str) else json.dumps(value)


def load(value):
    """Returns the entry function; plain code is exec'd in a fresh module, a zip needs __main__.py at its root."""
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
            code = compile(f.read(), entry, "exec")
    else:
        code = compile(value["code"], "__main__.py", "exec")
    sys.modules["main__"] = module
    exec(code, module.__dict__)
    return getattr(module, value.get("main") or "main", None)


def end_of_activation():
    # Flush the action's own output first so the sentinel is the last line of this activation on both streams.
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
        stream.write(SENTINEL)
        stream.flush()


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
    except BaseException as ex:  # SystemExit from the action's top level is a failed init too
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
        # as OpenWhisk's launcher.py: the exception becomes the result, i.e. an application error
        traceback.print_exc()
        return 200, {"error": str(ex)}
    except BaseException as ex:  # SystemExit and the like: the action ended abnormally
        traceback.print_exc()
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
            if self.path == "/init":
                return self.reply(*init(message))
            if self.path == "/run":
                return self.reply(*run(message))
        self.reply(400, {"error": "Bad request."})

    def do_GET(self):
        self.reply(400, {"error": "Bad request."})

    def reply(self, status, body):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response_only(status)
        self.send_header("Content-Type", "application/json")
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
        server = TcpServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler)
    server.serve_forever()
