#!/usr/bin/python3
"""docs/openapi.yaml against what the real tk-server answers: a scenario that calls every
operation as each role would (employee, agent, administrator, kiosk), the usual errors
included, and checks each answer with a real JSON Schema validator (Debian's
python3-jsonschema) against the schema the document gives for that path, method and
status. An answer whose status the document does not list for the operation fails too.

OpenAPI 3.0's `nullable: true` becomes a JSON Schema type list with "null"; references
(#/components/...) resolve inside the document itself.

Usage: openapi_validation_test.py --server PATH_TO_tk-server --document docs/openapi.yaml"""
import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from tk_script import Failure, free_port  # noqa: E402

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"{e}: install python3-jsonschema and python3-yaml; run with /usr/bin/python3", file=sys.stderr)
    sys.exit(2)

WAIT = 60


def with_nulls(node):
    """OpenAPI 3.0 schema -> JSON Schema: nullable: true adds "null" to the type."""
    if isinstance(node, dict):
        out = {k: with_nulls(v) for k, v in node.items() if k not in ("nullable", "example", "examples")}
        if node.get("nullable") is True and "type" in out:
            out["type"] = [out["type"], "null"] if isinstance(out["type"], str) else out["type"] + ["null"]
        return out
    if isinstance(node, list):
        return [with_nulls(v) for v in node]
    return node


class Document:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = with_nulls(yaml.safe_load(f))
        self.resolver = jsonschema.RefResolver.from_schema(self.doc)
        self.checked = set()
        self.problems = []

    def template_of(self, path):
        parts = path.split("?")[0].split("/")
        for template in self.doc["paths"]:
            t = template.split("/")
            if len(t) == len(parts) and all(a == b or (a.startswith("{") and a.endswith("}")) for a, b in zip(t, parts)):
                return template
        return None

    def check(self, method, path, status, content_type, body):
        template = self.template_of(path)
        where = f"{method} {path} -> {status}"
        if template is None:
            self.problems.append(f"{where}: the path is not in the document")
            return
        operation = self.doc["paths"][template].get(method.lower())
        if operation is None:
            # A method the path does not take must be a documented 405 somewhere; the router
            # answers it for every path alike.
            if status != 405:
                self.problems.append(f"{where}: {method} is not documented for {template}")
            return
        responses = operation.get("responses", {})
        response = responses.get(str(status)) or responses.get("default")
        if response is None:
            self.problems.append(f"{where}: status {status} is not documented for {method} {template}")
            return
        self.checked.add((method.lower(), template, status))
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema is None or not content_type.startswith("application/json"):
            return
        validator = jsonschema.Draft4Validator(schema, resolver=self.resolver)
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.path)):
            location = "/".join(str(p) for p in error.absolute_path)
            self.problems.append(f"{where}: at '{location}': {error.message[:300]}")


class Api:
    def __init__(self, base, document):
        self.base = base
        self.document = document

    def call(self, method, path, token=None, body=None, key=None, raw=None, expect=None):
        headers = {"Accept-Language": "es-MX"}
        data = None
        if token:
            headers["Authorization"] = "Bearer " + token
        if body is not None or raw is not None:
            data = raw if raw is not None else json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if key:
            headers["Idempotency-Key"] = key
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as r:
                status, content_type, text = r.status, r.headers.get("Content-Type", ""), r.read()
        except urllib.error.HTTPError as e:
            status, content_type, text = e.code, e.headers.get("Content-Type", ""), e.read()
        parsed = None
        if content_type.startswith("application/json"):
            parsed = json.loads(text.decode("utf-8"))
        self.document.check(method, path, status, content_type, parsed)
        if expect is not None and status != expect:
            raise Failure(f"{method} {path}: {status}, expected {expect}: {text[:300]!r}")
        return parsed


def scenario(api, tokens):
    employee, agent, admin, kiosk = tokens["employee"], tokens["agent"], tokens["admin"], tokens["kiosk"]
    api.call("GET", "/api/v1/health", expect=200)
    enrolled = api.call("POST", "/api/v1/enrol", body={"code": tokens["code"], "device": "PC-0042"}, expect=201)
    api.call("POST", "/api/v1/enrol", body={"code": tokens["code"], "device": "PC-0042"}, expect=404)
    api.call("GET", "/api/v1/me", enrolled["token"], expect=200)
    # This server has no [directory]: accounts are answered, not tried (directory_signin_test
    # checks the answers of a server that has one, against slapd).
    api.call("POST", "/api/v1/enrol", body={"user": "ana", "password": "x", "device": "PC"}, expect=404)
    api.call("POST", "/api/v1/enrol", body={"user": "ana", "password": "x", "code": "ABCD"}, expect=422)
    tokens = {k: v for k, v in tokens.items() if k != "code"}
    for token in tokens.values():
        api.call("GET", "/api/v1/me", token, expect=200)
    api.call("GET", "/api/v1/catalog", employee, expect=200)

    report = {"type": "incident", "category": "printer", "summary": "No imprime",
              "description": "La impresora del piso 3 no imprime.", "impact": 2, "urgency": 1,
              "reporter": {"employee": "1002", "name": "Ana López", "email": "ana@energia.gob.mx",
                           "phone": "5555", "location": "Piso 3"},
              "device": {"hostname": "PC-0042", "os": "Windows", "os_version": "11", "ip_addresses": ["10.0.0.42"]},
              "attachments": [{"name": "error.txt", "content_type": "text/plain",
                               "data_base64": base64.b64encode(b"Error 0x1").decode()}]}
    key = str(uuid.uuid4())
    created = api.call("POST", "/api/v1/tickets", employee, report, key, expect=201)
    api.call("POST", "/api/v1/tickets", employee, report, key, expect=200)
    tk = created["tk"]
    api.call("GET", f"/api/v1/tickets/{tk}", employee, expect=200)
    api.call("GET", "/api/v1/tickets?mine=1&since=0", employee, expect=200)
    api.call("GET", "/api/v1/tickets?open=1&group=mine&limit=5", agent, expect=200)
    attachment = created["attachments"][0]["id"]
    api.call("GET", f"/api/v1/tickets/{tk}/attachments/{attachment}", employee, expect=200)

    def move(token, event, status=200):
        return api.call("POST", f"/api/v1/tickets/{tk}/events", token, event, str(uuid.uuid4()), expect=status)

    move(agent, {"action": "take"})
    move(agent, {"action": "classify", "urgency": 2, "note": "Solo un equipo"})
    move(agent, {"action": "assign", "group": "mesa"})
    move(employee, {"action": "comment", "note": "¿Alguna novedad?"})
    move(agent, {"action": "ask_user", "note": "¿Qué modelo es?"})
    move(employee, {"action": "answer", "note": "HP 400"})
    move(agent, {"action": "link_article", "article": 1})
    move(agent, {"action": "resolve", "note": "Se reinstaló el controlador."})
    api.call("GET", f"/api/v1/tickets/{tk}?employee=1002", kiosk, expect=200)
    move(employee, {"action": "confirm", "rating": 5, "comment": "Gracias"})

    # The usual errors, each with its documented status and body.
    api.call("GET", "/api/v1/tickets?mine=1", expect=401)
    api.call("GET", "/api/v1/tickets/TK-2026-999999", employee, expect=404)
    move(agent, {"action": "escalate"}, 409)
    api.call("POST", "/api/v1/tickets", employee, {"type": "incident"}, str(uuid.uuid4()), expect=422)
    api.call("POST", "/api/v1/tickets", employee, raw=b'{"type": ', key=str(uuid.uuid4()), expect=400)
    api.call("GET", "/api/v1/tickets?colour=red", employee, expect=400)
    api.call("GET", "/api/v1/reports/quality", employee, expect=403)

    api.call("GET", "/api/v1/reports/quality", admin, expect=200)
    api.call("GET", "/api/v1/kb?q=impresoras%20no%20imprimen", employee, expect=200)
    api.call("GET", "/api/v1/kb", kiosk, expect=200)
    api.call("GET", "/api/v1/kb?since=0&limit=5", employee, expect=200)
    api.call("GET", "/api/v1/kb/1", employee, expect=200)
    api.call("GET", "/api/v1/kb/1", agent, expect=200)
    article = api.call("POST", "/api/v1/kb", agent, {"title": "El lector de huellas falla", "symptoms": "Marca error.",
                                                    "steps": "1. Limpie el lector.", "category": "hardware",
                                                    "keywords": "huella", "status": "draft"}, expect=201)
    api.call("PUT", f"/api/v1/kb/{article['id']}", agent, {"title": "El lector de huellas falla",
                                                          "symptoms": "Marca error.", "steps": "1. Limpie el lector.",
                                                          "status": "published"}, expect=200)
    api.call("POST", "/api/v1/kb/1/feedback", employee, {"helpful": True}, str(uuid.uuid4()), expect=200)
    api.call("GET", "/api/v1/kb/999999", employee, expect=404)
    api.call("POST", "/api/v1/kb", employee, {"title": "x", "symptoms": "y", "steps": "z"}, expect=403)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--document", required=True)
    args = parser.parse_args()
    document = Document(args.document)
    with tempfile.TemporaryDirectory() as work:
        db = os.path.join(work, "tk.db")

        def token(*extra):
            return subprocess.run([args.server, "token", "create", "--db", db, *extra], capture_output=True,
                                  text=True, check=True).stdout.strip()

        tokens = {"employee": token("--role", "employee", "--employee", "1002", "--name", "Ana López"),
                  "agent": token("--role", "agent", "--name", "Luis Pérez", "--login", "lperez", "--group", "mesa"),
                  "admin": token("--role", "admin", "--name", "Dirección"),
                  "kiosk": token("--role", "kiosk", "--name", "Vestíbulo")}
        tokens["code"] = subprocess.run([args.server, "enrol", "create", "--db", db, "--employee", "1005"],
                                        capture_output=True, text=True, check=True).stdout.strip()
        port = free_port()
        server = subprocess.Popen([args.server, "serve", "--listen", f"127.0.0.1:{port}", "--db", db],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            api = Api(f"http://127.0.0.1:{port}", document)
            deadline = time.monotonic() + WAIT
            while True:
                try:
                    urllib.request.urlopen(api.base + "/api/v1/health", timeout=5)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise Failure("tk-server did not start")
                    time.sleep(0.05)
            scenario(api, tokens)
        except Failure as e:
            print(f"FAIL: {e}", file=sys.stderr)
            return 1
        except Exception:
            traceback.print_exc()
            return 1
        finally:
            server.terminate()
            server.wait(timeout=WAIT)
    if document.problems:
        print(f"FAIL: {len(document.problems)} answers do not match docs/openapi.yaml:", file=sys.stderr)
        for p in document.problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"OK: {len(document.checked)} (operation, status) pairs answered as docs/openapi.yaml says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
