#!/usr/bin/python3
"""tk-server against what an attacker on the same network can send without a token (and
some things with one), over raw sockets: every answer is a clear 4xx with a JSON error,
nothing is read into memory that the limits do not allow, the server stays up and its
memory stays within a bound (printed: BENCHMARKS.md records it).

The cases: a huge body without a token (401 before it is read); a huge declared body with
a token (413 before it is read); a request line or a header beyond 16 KiB, on several
connections at once (431); too many header fields (431); Content-Length together with
Transfer-Encoding (400, and no ticket made from the smuggled body); a chunked body
(400); TRACE with an Authorization header (refused, the token never echoed); an unknown
method (refused); three pipelined requests (three answers, in order); a client that
trickles its headers (closed after the header timeout); more idle connections than the
server's file limit allows (the extra ones closed at once, the server answering again
once the idle ones time out).

Then what someone holding any token can do (issue 25; a kiosk's token can be read off its
disk): bodies that cost memory to parse (ten million "[", nested objects, millions of
values), four at once: refused as they are read, the peak memory printed and bounded (64
MiB), the memory given back; bodies beyond their route's limit or their role's (a kiosk
writing an article) refused before they are read; a kiosk downloading an attachment
(403); another employee's TK answered as a missing one; a C1 CSI and a bidi override in a
summary printed by tkctl show, and in a path logged by the server, never raw; device names
with bidi overrides or line separators refused. And whom the server believes about a
client's address: a rotating X-Forwarded-For from loopback is still loopback; behind a
trusted proxy each client counts alone; PROXY v1 and v2 name the client; one loopback
address cannot take every connection slot.

Usage: hostile_traffic_test.py --server PATH_TO_tk-server --tkctl PATH_TO_tkctl"""
import argparse
import base64
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from tk_script import Failure, check, free_port, run_in_folder  # noqa: E402

WAIT = 60  # bounds a wait, never what is measured
RSS_BOUND_MB = 96  # the server idles near 20 MiB; one allowed request body is 10 MiB
TOKEN_HOLDER_RSS_MB = 64  # issue 25: bodies that cost memory to parse, four at once


class Server:
    def __init__(self, binary, work, file_limit=None, config=None, probe_from="127.0.0.1"):
        self.db = os.path.join(work, "tk.db")
        self.binary = binary
        self.port = free_port()
        self.employee = self.token("employee", "--employee", "1002", "--name", "Ana López")
        self.log = os.path.join(work, "server.log")

        def limit_files():
            if file_limit:
                resource.setrlimit(resource.RLIMIT_NOFILE, (file_limit, file_limit))

        command = [binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--db", self.db]
        if config:
            path = os.path.join(work, "server.conf")
            with open(path, "w") as f:
                f.write(config)
            command += ["--config", path]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(self.log, "wb"),
                                        preexec_fn=limit_files)
        self.peak_rss_mb = 0.0
        self._sampling = True
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                if request_from(self, probe_from)[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise Failure("tk-server did not start")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def token(self, role, *args):
        return subprocess.run([self.binary, "token", "create", "--db", self.db, "--role", role, *args],
                              capture_output=True, text=True, check=True).stdout.strip()

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def _sample(self):
        while self._sampling and self.process.poll() is None:
            self.peak_rss_mb = max(self.peak_rss_mb, self.rss_mb())
            time.sleep(0.02)

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        self._sampling = False
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=WAIT)


def connect(server, source="127.0.0.1"):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT, source_address=(source, 0))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_response(sock, buffered=b""):
    """One HTTP response: (status, headers dict, body bytes, bytes left over)."""
    data = buffered
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise Failure(f"connection closed before an answer (got {data[:200]!r})")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest[:length], rest[length:]


def request(server, raw, then_send=b""):
    with connect(server) as s:
        s.sendall(raw)
        if then_send:
            try:
                s.sendall(then_send)
            except OSError:
                pass  # refused and closed while sending: the answer is what counts
        status, headers, body, _ = read_response(s)
        return status, headers, body


def error_code(body):
    try:
        return json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        raise Failure(f"not a JSON error: {body[:200]!r}")


def send_endless(server, head, total_mb, results, index):
    """Sends `head` then `total_mb` of filler as fast as the server takes it; records the
    answer's status (or None when the server closed without one)."""
    try:
        with connect(server) as s:
            s.sendall(head)
            filler = b"a" * (1024 * 1024)
            try:
                for _ in range(total_mb):
                    s.sendall(filler)
            except OSError:
                pass
            try:
                results[index] = read_response(s)[0]
            except (OSError, Failure):
                results[index] = None
    except OSError:
        results[index] = None


def run(args, work):
    server = Server(args.server, work)
    token = server.employee
    try:
        # 1. A body of a declared gigabyte without a token: 401, read no further.
        head = (b"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1073741824\r\n\r\n")
        results = [0]
        send_endless(server, head, 200, results, 0)
        check(results[0] == 401, f"a gigabyte without a token: {results[0]}")

        # 2. With a token, a declared gigabyte is 413 before a byte of it is read.
        head = (b"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Authorization: Bearer " + token.encode() + b"\r\nContent-Length: 1073741824\r\n\r\n")
        status, _, body = request(server, head)
        check(status == 413 and error_code(body) == "too_large", f"a declared gigabyte: {status} {body[:100]!r}")

        # 3. Header lines of 200 MB on five connections at once: 431, none read whole.
        results = [0] * 5
        threads = [threading.Thread(target=send_endless,
                                    args=(server, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Long: ", 200, results, i))
                   for i in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(all(r == 431 for r in results), f"200 MB header lines: {results}")
        status, _, body = request(server, b"GET /api/v1/health?" + b"q=" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        check(status == 431 and error_code(body) == "headers_too_large", f"a 100 KB request line: {status}")
        many = b"".join(b"X-F%d: v\r\n" % i for i in range(200))
        status, _, body = request(server, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
        check(status == 431, f"200 header fields: {status}")

        # 4. Two framings at once, and a chunked body: refused, and nothing smuggled in.
        ticket = json.dumps({"type": "incident", "category": "printer", "summary": "Contrabando",
                             "description": "Un cuerpo por partes detrás de Content-Length: 4", "impact": 2,
                             "urgency": 2}).encode()
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(ticket), ticket)
        auth = b"Authorization: Bearer " + token.encode() + b"\r\nContent-Type: application/json\r\n"
        status, _, body = request(server, b"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\n" + auth +
                                  b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
        check(status == 400, f"Content-Length with Transfer-Encoding: {status} {body[:120]!r}")
        status, _, body = request(server, b"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\n" + auth +
                                  b"Transfer-Encoding: chunked\r\n\r\n" + chunked)
        check(status == 400 and error_code(body) == "length_required", f"a chunked body: {status}")
        status, _, body = request(server, b"GET /api/v1/tickets?mine=1 HTTP/1.1\r\nHost: x\r\n" + auth + b"\r\n")
        check(status == 200 and json.loads(body)["tickets"] == [], f"a ticket was smuggled in: {body[:200]!r}")

        # 5. TRACE and an unknown method: refused, the token never echoed.
        status, _, body = request(server, b"TRACE /api/v1/health HTTP/1.1\r\nHost: x\r\n" + auth + b"\r\n")
        check(status == 405 and token.encode() not in body, f"TRACE: {status} {body[:200]!r}")
        status, _, body = request(server, b"BREW /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        check(400 <= status < 500 and b"error" in body, f"an unknown method: {status}")

        # 6. Three requests in one write: three answers, in order; a refusal (no token) ends
        # the connection, so that refusals cannot keep it open.
        with connect(server) as s:
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"HEAD /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            statuses, left = [], b""
            status, _, _, left = read_response(s, left)
            statuses.append(status)
            # HEAD: the headers of GET's answer, and no body in the way of the next answer.
            head_end = left.find(b"\r\n\r\n")
            if head_end < 0:
                left += s.recv(65536)
                head_end = left.find(b"\r\n\r\n")
            check(left.startswith(b"HTTP/1.1 200") and b"Content-Length: 6" in left[:head_end],
                  f"HEAD: {left[:200]!r}")
            left = left[head_end + 4:]
            status, _, _, left = read_response(s, left)
            statuses.append(status)
            check(statuses == [200, 401], f"pipelined answers: {statuses}")
            s.settimeout(5)
            rest = left + b"".join(iter(lambda: s.recv(65536), b""))
            check(rest == b"", f"the connection went on after a refusal: {rest[:100]!r}")

        # Nothing that needs no token takes a body: a declared 10 MiB on /health is refused unread.
        status, _, body = request(server, b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n")
        check(status == 405 and error_code(body) == "method_not_allowed", f"a body on /health: {status} {body[:100]!r}")

        # 7. A client that trickles its headers is cut off after the header timeout (10 s).
        started = time.monotonic()
        with connect(server) as s:
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\n")
            closed_after = None
            while time.monotonic() - started < WAIT:
                try:
                    s.sendall(b"X: y\r\n")
                    s.settimeout(1)
                    data = s.recv(65536)
                    if data or data == b"":
                        closed_after = time.monotonic() - started
                        check(data == b"" or data.startswith(b"HTTP/1.1 408"), f"trickled headers got {data[:60]!r}")
                        break
                except socket.timeout:
                    continue
                except OSError:
                    closed_after = time.monotonic() - started
                    break
            check(closed_after is not None, "a trickling client was never cut off")

        check(server.alive(), "the server died")
        print(f"peak RSS under hostile traffic: {server.peak_rss_mb:.1f} MiB (bound {RSS_BOUND_MB})")
        check(server.peak_rss_mb < RSS_BOUND_MB, f"memory went to {server.peak_rss_mb:.1f} MiB")
        status, _, _ = request(server, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(status == 200, "the server answers after all that")
    finally:
        server.stop()

    # 8. More idle connections than the file limit allows (256 here: a cap of 128).
    capped_dir = os.path.join(work, "capped")
    os.makedirs(capped_dir)
    capped = Server(args.server, capped_dir, file_limit=256)
    try:
        idle = []
        for _ in range(300):
            idle.append(connect(capped))
        refused = 0
        for s in idle:
            s.settimeout(0.5)
            try:
                if s.recv(1) == b"":
                    refused += 1
            except socket.timeout:
                pass
            except OSError:
                refused += 1
        check(refused >= 100, f"connections over the cap were not closed ({refused} of 300)")
        check(capped.alive(), "the server died with its file limit reached")
        # The idle ones time out (10 s) and the server answers new clients again.
        deadline = time.monotonic() + WAIT
        answered = False
        while time.monotonic() < deadline and not answered:
            try:
                answered = request(capped, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")[0] == 200
            except (OSError, Failure):
                time.sleep(0.5)
        check(answered, "the server never answered again after the idle connections")
        for s in idle:
            s.close()
    finally:
        capped.stop()


def api(server, method, path, token=None, body=None, headers=None, source="127.0.0.1", head_only=False):
    """One request on its own connection: (status, headers, body). `body` may be bytes, or
    an object sent as JSON; with head_only only the head is sent (a declared body is never
    written: the answer must come before it)."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    lines = [f"{method} {path} HTTP/1.1", "Host: x", "Connection: close"]
    if token:
        lines.append("Authorization: Bearer " + token)
    if data is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode()
    with connect(server, source) as s:
        try:
            s.sendall(raw if head_only or data is None else raw + data)
        except OSError:
            pass  # refused and closed while sending: the answer is what counts
        status, answer_headers, answer, _ = read_response(s)
        return status, answer_headers, answer


def send_body_at_once(server, token, body, results, index, source="127.0.0.1"):
    try:
        status, _, answer = api(server, "POST", "/api/v1/tickets", token, body, source=source)
        results[index] = (status, error_code(answer) if status >= 400 else None)
    except (OSError, Failure) as e:
        results[index] = (None, str(e))


def run_token_holder(args, work):
    """What someone holding any token (a kiosk's, read off its disk) could still do (issue 25)."""
    server = Server(args.server, work)
    kiosk = server.token("kiosk", "--name", "Quiosco vestíbulo")
    other = server.token("employee", "--employee", "2002", "--name", "Beto Ruiz")
    try:
        baseline = server.rss_mb()
        # 1. Bodies that cost memory to parse: ten million "[", nested objects, a million
        # values. Four at once, from four employees' tokens (one full-size body per client
        # address is in flight at most; these come from four loopback addresses): each
        # refused as it is read (or, past the server's budget for bodies in flight, 503), the
        # memory bounded. A kiosk's token may not send a report of this size at all.
        status, _, body = api(server, "POST", "/api/v1/tickets", kiosk, b"[" * (1024 * 1024), head_only=True)
        check(status == 413 and error_code(body) == "too_large", f"a kiosk's 1 MiB report: {status} {body!r}")
        holders = [server.employee, other] + [server.token("employee", "--employee", str(3000 + i), "--name", "x")
                                              for i in range(2)]
        size = 10 * 1024 * 1024
        for name, body, code in (("[", b"[" * size, "json_too_deep"),
                                 ('{"":', b'{"":' * (size // 4), "json_too_deep"),
                                 ("[1,", b'{"a":[' + b"1," * (size // 2 - 8) + b"1]}", "json_too_many_values"),
                                 ("[{},", b'{"a":[' + b"{}," * (size // 3 - 8) + b"{}]}", "json_too_many_values")):
            results = [None] * 4
            threads = [threading.Thread(target=send_body_at_once,
                                        args=(server, holders[i], body, results, i, f"127.0.0.{10 + i}"))
                       for i in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            allowed = {(400, code), (503, "server_busy")}
            check(all(r in allowed for r in results) and (400, code) in results,
                  f"four 10 MiB bodies of {name}: {results}")
        print(f"peak RSS with bodies of 10 MiB that cost memory to parse: {server.peak_rss_mb:.1f} MiB "
              f"(at rest {baseline:.1f} MiB; bound {TOKEN_HOLDER_RSS_MB})")
        check(server.peak_rss_mb < TOKEN_HOLDER_RSS_MB, f"memory went to {server.peak_rss_mb:.1f} MiB")
        # The memory goes back once they are refused.
        deadline = time.monotonic() + WAIT
        while server.rss_mb() > baseline + 16 and time.monotonic() < deadline:
            time.sleep(0.2)
        print(f"RSS after the refusals: {server.rss_mb():.1f} MiB")
        check(server.rss_mb() <= baseline + 16, f"memory was kept after the refusals: {server.rss_mb():.1f} MiB")

        # One client holds one full-size body in flight at most: a second declared from the
        # same address while the first is still coming is 503; another address goes on.
        nine = 9 * 1024 * 1024
        head = (f"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.employee}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {nine}\r\n\r\n").encode()
        with connect(server, "127.0.0.20") as holding:
            holding.sendall(head + b"{")
            time.sleep(1)  # the first is being read when the second comes
            status, _, body = api(server, "POST", "/api/v1/tickets", server.employee, b"[" * nine, source="127.0.0.20")
            check(status == 503 and error_code(body) == "server_busy", f"a second body from one client: {status}")
            status, _, body = api(server, "POST", "/api/v1/tickets", other, b"[" * nine, source="127.0.0.21")
            check(status == 400 and error_code(body) == "json_too_deep", f"another client meanwhile: {status} {body!r}")

        # 2. The route and the role bound a body before it is read.
        status, _, body = api(server, "POST", "/api/v1/kb", kiosk, b"x" * (1024 * 1024), head_only=True)
        check(status == 403 and error_code(body) == "forbidden_role", f"a kiosk writing an article: {status} {body!r}")
        status, _, body = api(server, "POST", "/api/v1/tickets/TK-2026-000001/events", token=server.employee,
                              body=b"x" * (300 * 1024), head_only=True)
        check(status == 413 and error_code(body) == "too_large", f"a 300 KiB event: {status} {body!r}")
        status, _, body = api(server, "POST", "/api/v1/tickets/TK-2026-000001/events?employee=1002", kiosk,
                              b"x" * (64 * 1024), head_only=True)
        check(status == 413, f"a kiosk's 64 KiB event: {status} {body!r}")
        status, _, body = api(server, "GET", "/api/v1/catalog", kiosk, b"x" * 100, head_only=True)
        check(status == 413, f"a body on a GET: {status} {body!r}")

        # 3. A kiosk never downloads an attachment, although it files them.
        report = {"type": "incident", "category": "printer", "summary": "No imprime",
                  "description": "Captura adjunta", "reporter": {"employee": "1002"},
                  "attachments": [{"name": "pantalla.png", "content_type": "image/png",
                                   "data_base64": "iVBORw0KGgo="}]}
        status, _, body = api(server, "POST", "/api/v1/tickets", kiosk, report)
        check(status == 201, f"the kiosk's report: {status} {body[:200]!r}")
        tk = json.loads(body)["tk"]
        status, _, body = api(server, "GET", f"/api/v1/tickets/{tk}/attachments/1?employee=1002", kiosk)
        check(status == 403 and error_code(body) == "forbidden_role", f"a kiosk downloading: {status} {body[:100]!r}")
        status, _, body = api(server, "GET", f"/api/v1/tickets/{tk}/attachments/1", server.employee)
        check(status == 200 and body == b"\x89PNG\r\n\x1a\n", f"the reporter downloading: {status} {body[:40]!r}")

        # Large answers count too: a download a slow reader holds keeps its place, and the
        # same client's next one is 503 until it is taken; another client's is served.
        big = base64.b64encode(os.urandom(7 * 1024 * 1024)).decode()
        report = {"type": "incident", "category": "printer", "summary": "Captura grande", "description": "x",
                  "attachments": [{"name": "grande.png", "content_type": "image/png", "data_base64": big}]}
        status, _, body = api(server, "POST", "/api/v1/tickets", server.employee, report)
        check(status == 201, f"a report with a 7 MiB attachment: {status} {body[:200]!r}")
        big_tk = json.loads(body)["tk"]
        path = f"/api/v1/tickets/{big_tk}/attachments/{json.loads(body)['attachments'][0]['id']}"
        slow = socket.socket()
        slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        slow.bind(("127.0.0.30", 0))
        slow.connect(("127.0.0.1", server.port))
        slow.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.employee}\r\n\r\n".encode())
        slow.settimeout(WAIT)
        slow.recv(1, socket.MSG_PEEK)  # its first bytes are here: the answer is being written, and not read
        status, _, body = api(server, "GET", path, server.employee, source="127.0.0.30")
        check(status == 503 and error_code(body) == "server_busy", f"a second large answer to one client: {status}")
        status, _, body = api(server, "GET", path, server.employee, source="127.0.0.31")
        check(status == 200 and len(body) == 7 * 1024 * 1024, f"another client's download: {status} {len(body)}")
        slow.close()

        # 4. Someone else's TK answers as a missing one.
        status, _, theirs = api(server, "GET", f"/api/v1/tickets/{tk}", other)
        status_missing, _, missing = api(server, "GET", "/api/v1/tickets/TK-2026-999999", other)
        check(status == status_missing == 404 and error_code(theirs) == error_code(missing) == "unknown_tk",
              f"another's TK {status} {theirs[:100]!r} against a missing one {status_missing} {missing[:100]!r}")
        status, _, body = api(server, "POST", f"/api/v1/tickets/{tk}/events", other, {"action": "comment",
                                                                                   "note": "hola"})
        check(status == 404 and error_code(body) == "unknown_tk", f"commenting another's TK: {status} {body!r}")

        # 5. Control characters from outside reach no terminal and no log: a C1 CSI and a bidi
        # override in a summary, shown by tkctl; a C1 CSI in a path, logged by the server.
        report = {"type": "incident", "category": "printer", "description": "x",
                  "summary": "Impresora \u009b31mROJO\u009b0m \u202eodacifarp\u2028fin"}
        status, _, body = api(server, "POST", "/api/v1/tickets", server.employee, report)
        check(status == 201, f"a summary with controls: {status} {body[:200]!r}")
        hostile_tk = json.loads(body)["tk"]
        data_dir = os.path.join(work, "tkctl")
        shown = subprocess.run([args.tkctl, "--server", f"http://127.0.0.1:{server.port}", "--token", server.employee,
                                "--data-dir", data_dir, "--lang", "es", "show", hostile_tk], capture_output=True)
        check(shown.returncode == 0 and b"ROJO" in shown.stdout, f"tkctl show: {shown.returncode} {shown.stderr!r}")
        for raw in ("\u009b", "\u202e", "\u2028", "\x1b"):
            check(raw.encode() not in shown.stdout, f"tkctl show printed {raw!r} raw: {shown.stdout[:300]!r}")
        api(server, "GET", "/api/v1/%C2%9B31m%E2%80%AEx", kiosk)
        code = subprocess.run([args.server, "enrol", "create", "--db", server.db, "--employee", "2002"],
                              capture_output=True, text=True, check=True).stdout.strip()
        for device in ("PC\u202eexe.txt", "PC\u2028OTRA", "PC\u009b2J"):
            status, _, body = api(server, "POST", "/api/v1/enrol", body={"code": code, "device": device})
            check(status == 422 and error_code(body) == "invalid_device", f"device {device!r}: {status} {body!r}")
        check(server.alive(), "the server died")
    finally:
        server.stop()
    with open(server.log, "rb") as f:
        log = f.read()
    check(b"/api/v1/" in log, "the server logged no request")
    for raw in (b"\xc2\x9b", "\u202e".encode()):
        check(raw not in log, f"the server's log holds {raw!r} raw")


def wrong_codes(server, count, source="127.0.0.1", forwarded=None, proxy=None, key=None):
    """`count` wrong enrolment codes; the statuses. `proxy`: a PROXY header to open each
    connection with."""
    statuses = []
    body = json.dumps({"code": "AAAA-BBBB-CCCC", "device": "PC"}).encode()
    for i in range(count):
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
        if forwarded:
            headers["X-Forwarded-For"] = forwarded(i)
        if key:
            headers["X-TK-Proxy-Key"] = key
        head = "POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        with connect(server, source) as s:
            s.sendall((proxy(i) if proxy else b"") + head.encode() + body)
            statuses.append(read_response(s)[0])
    return statuses


def proxy_v2(source_ip):
    address = socket.inet_aton(source_ip) + socket.inet_aton("127.0.0.1")
    return (b"\r\n\r\n\x00\r\nQUIT\n" + bytes([0x21, 0x11]) + (12).to_bytes(2, "big") + address +
            (40000).to_bytes(2, "big") + (443).to_bytes(2, "big"))


def run_proxies(args, work):
    """Whom the server believes about a client's address (issue 25, item 2)."""
    rotating = lambda i: f"198.51.100.{i + 1}"  # noqa: E731
    # No proxy is trusted by default: a local user rotating X-Forwarded-For is still 127.0.0.1.
    folder = os.path.join(work, "untrusted")
    os.makedirs(folder)
    server = Server(args.server, folder)
    try:
        statuses = wrong_codes(server, 21, forwarded=rotating)
        check(statuses[:20] == [404] * 20 and statuses[20] == 429, f"rotating X-Forwarded-For: {statuses}")
    finally:
        server.stop()
    # The configured proxy's header is believed: one client each, and one of them still limited.
    folder = os.path.join(work, "trusted")
    os.makedirs(folder)
    server = Server(args.server, folder, config="trusted_proxies = 127.0.0.1\n")
    try:
        statuses = wrong_codes(server, 25, forwarded=rotating)
        check(statuses == [404] * 25, f"25 clients behind the trusted proxy: {statuses}")
        statuses = wrong_codes(server, 21, forwarded=lambda i: "203.0.113.9, 192.0.2.7")
        check(statuses[20] == 429, f"one client behind the trusted proxy, 21 wrong codes: {statuses}")
        # A peer that is not the configured proxy is not believed (127.0.0.2 is loopback too).
        statuses = wrong_codes(server, 21, source="127.0.0.2", forwarded=rotating)
        check(statuses[20] == 429, f"another local peer rotating the header: {statuses}")
    finally:
        server.stop()
    # With a key, only requests that carry it are the proxy's word: a local user connecting
    # from the proxy's address cannot read it.
    folder = os.path.join(work, "keyed")
    os.makedirs(folder)
    key = "k" * 32
    with open(os.path.join(folder, "proxy.key"), "w") as f:
        f.write(key + "\n")
    server = Server(args.server, folder,
                    config=f"trusted_proxies = 127.0.0.1\nproxy_key_file = {os.path.join(folder, 'proxy.key')}\n")
    try:
        statuses = wrong_codes(server, 21, forwarded=rotating)
        check(statuses[20] == 429, f"rotating X-Forwarded-For without the key: {statuses}")
        statuses = wrong_codes(server, 21, forwarded=rotating, key="x" * 32)
        check(statuses[20] == 429, f"rotating X-Forwarded-For with a wrong key: {statuses}")
        statuses = wrong_codes(server, 25, forwarded=lambda i: f"198.51.100.{100 + i}", key=key)
        check(statuses == [404] * 25, f"25 clients behind the proxy that shows the key: {statuses}")
    finally:
        server.stop()
    # The PROXY protocol (v1 and v2) from the configured proxy: its client is counted.
    folder = os.path.join(work, "proxy-protocol")
    os.makedirs(folder)
    # (127.0.0.2 asks whether it is up: the proxy's own connections must open with a header.)
    server = Server(args.server, folder, config="trusted_proxies = 127.0.0.1\nproxy_protocol = 1\n",
                    probe_from="127.0.0.2")
    try:
        v1 = lambda i: b"PROXY TCP4 192.0.2.10 127.0.0.1 40000 443\r\n"  # noqa: E731
        statuses = wrong_codes(server, 21, proxy=v1, forwarded=rotating)
        check(statuses[20] == 429, f"one client by PROXY v1 (its header rotating): {statuses}")
        statuses = wrong_codes(server, 3, proxy=lambda i: proxy_v2("192.0.2.11"))
        check(statuses == [404] * 3, f"another client by PROXY v2: {statuses}")
        with connect(server) as s:
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            s.settimeout(WAIT)
            check(s.recv(100) == b"", "the trusted proxy's connection without a PROXY header was answered")
    finally:
        server.stop()
    # Loopback is counted per address like any other: one address cannot take every slot.
    folder = os.path.join(work, "per-address")
    os.makedirs(folder)
    server = Server(args.server, folder, file_limit=256)  # 128 connections; 32 per address
    try:
        held = [connect(server) for _ in range(60)]
        closed = 0
        for s in held:
            s.settimeout(0.5)
            try:
                closed += s.recv(1) == b""
            except socket.timeout:
                pass
            except OSError:
                closed += 1
        check(closed >= 20, f"60 idle connections from one address: only {closed} closed")
        status, _, _ = request_from(server, "127.0.0.2")
        check(status == 200, f"another address while one holds its share: {status}")
        for s in held:
            s.close()
    finally:
        server.stop()


def request_from(server, source):
    with connect(server, source) as s:
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status, headers, body, _ = read_response(s)
        return status, headers, body


def run_all(args, work):
    run(args, work)
    for part in (run_token_holder, run_proxies):
        folder = os.path.join(work, part.__name__)
        os.makedirs(folder)
        part(args, folder)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--tkctl", required=True)
    return run_in_folder(run_all, parser.parse_args(),
                         "OK: every hostile request got a clear 4xx, memory stayed bounded, the server stayed up")


if __name__ == "__main__":
    sys.exit(main())
