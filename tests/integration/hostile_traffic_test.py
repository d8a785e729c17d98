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

Usage: hostile_traffic_test.py --server PATH_TO_tk-server"""
import argparse
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


class Server:
    def __init__(self, binary, work, file_limit=None):
        self.db = os.path.join(work, "tk.db")
        self.binary = binary
        self.port = free_port()
        self.employee = self.token("employee", "--employee", "1002", "--name", "Ana López")

        def limit_files():
            if file_limit:
                resource.setrlimit(resource.RLIMIT_NOFILE, (file_limit, file_limit))

        self.process = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--db", self.db],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=limit_files)
        self.peak_rss_mb = 0.0
        self._sampling = True
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                if request(self, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")[0] == 200:
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


def connect(server):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    return run_in_folder(run, parser.parse_args(),
                         "OK: every hostile request got a clear 4xx, memory stayed bounded, the server stayed up")


if __name__ == "__main__":
    sys.exit(main())
