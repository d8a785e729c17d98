#!/usr/bin/python3
"""Directory sign-in against a real OpenLDAP slapd that this test starts on loopback (its
own folder, certificate authority and ports; the machine's slapd, if any, is left alone):
the real tk-server binds to it over TLS (ldaps://, and ldap:// with StartTLS) with a
service account, and tkctl enrols with an account's name and password.

Checked: the token made is the employee's (GET /me) and named after the computer; a wrong
password and an unknown account give the same 401; an account without an employee number
gets 403; a name matching two entries, a directory whose certificate is not trusted, and a
stopped directory give 503; filter characters in the name are refused; five wrong
passwords lock the account (429), by any name that finds it, while another account still
signs in; a refused sign-in is logged with the account and the address; signing in again
from one device replaces its token, and ten sign-ins in a row stop the next (429); an
unknown account answers no faster than a wrong password for an account whose hash is slow;
a server without [directory] says so (404); the password never reaches the server's log.

Usage: directory_signin_test.py --server tk-server --tkctl tkctl"""
import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from tk_script import Failure, check, free_port, run_in_folder  # noqa: E402

WAIT = 60
SUFFIX = "dc=ejemplo,dc=gob,dc=mx"
READER_PASSWORD = "lector-secreto-1"
PASSWORDS = {"ana": "Contraseña-Ana-1", "beto": "Beto-clave-2", "carla": "Carla-clave-3", "gemelo": "Gemelo-4",
             "dora": "Dora-clave-5", "lenta": "Lenta-clave-6"}
# A directory that stores slow hashes (crypt SHA-512 with many rounds: about 0.4 s a bind
# here), where a bind that meets no entry answers at once.
SLOW_HASH = "{CRYPT}$6$rounds=1000000$tkprueba$"


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def make_certificates(folder):
    """A certificate authority of the test's own, and slapd's certificate for 127.0.0.1."""
    def openssl(*args):
        result = run(["openssl", *args])
        check(result.returncode == 0, f"openssl {args[0]}: {result.stderr}")

    ca_key, ca = os.path.join(folder, "ca.key"), os.path.join(folder, "ca.pem")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2",
            "-subj", "/CN=Directorio de prueba CA")
    key, request, cert = (os.path.join(folder, n) for n in ("slapd.key", "slapd.csr", "slapd.pem"))
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=127.0.0.1")
    extensions = os.path.join(folder, "san.cnf")
    with open(extensions, "w") as f:
        f.write("subjectAltName = IP:127.0.0.1, DNS:localhost\n")
    openssl("x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert, "-days", "2",
            "-extfile", extensions)
    other_key, other_ca = os.path.join(folder, "other.key"), os.path.join(folder, "other-ca.pem")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", other_key, "-out", other_ca, "-days", "2",
            "-subj", "/CN=Otra CA")
    os.chmod(key, 0o644)  # slapd may drop to another user where the machine's set-up says so
    return ca, cert, key, other_ca


def slow_hash(password):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt
    return "{CRYPT}" + crypt.crypt(password, SLOW_HASH[len("{CRYPT}"):])


def directory_entries():
    people = f"ou=Personas,{SUFFIX}"
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Ejemplo\ndc: ejemplo\n",
        f"dn: {people}\nobjectClass: organizationalUnit\nou: Personas\n",
        f"dn: ou=Servicios,{SUFFIX}\nobjectClass: organizationalUnit\nou: Servicios\n",
        f"dn: cn=tk-lector,ou=Servicios,{SUFFIX}\nobjectClass: person\ncn: tk-lector\nsn: lector\n"
        f"userPassword: {READER_PASSWORD}\n",
        f"dn: uid=ana,{people}\nobjectClass: inetOrgPerson\nuid: ana\ncn: Ana Pérez\nsn: Pérez\n"
        f"displayName: Ana Pérez Núñez\nemployeeNumber: 10234\nuserPassword: {PASSWORDS['ana']}\n",
        f"dn: uid=beto,{people}\nobjectClass: inetOrgPerson\nuid: beto\ncn: Beto Ruiz\nsn: Ruiz\n"
        f"userPassword: {PASSWORDS['beto']}\n",
        f"dn: uid=carla,{people}\nobjectClass: inetOrgPerson\nuid: carla\ncn: Carla Díaz\nsn: Díaz\n"
        f"mail: carla@ejemplo.gob.mx\nemployeeNumber: 20555\nuserPassword: {PASSWORDS['carla']}\n",
        f"dn: uid=dora,{people}\nobjectClass: inetOrgPerson\nuid: dora\ncn: Dora Ríos\nsn: Ríos\n"
        f"displayName: Dora \x1b[2J\x1b[31mRíos\x07\nemployeeNumber: 40400\nuserPassword: {PASSWORDS['dora']}\n",
        f"dn: uid=lenta,{people}\nobjectClass: inetOrgPerson\nuid: lenta\ncn: Lucía Lenta\nsn: Lenta\n"
        f"employeeNumber: 50500\nuserPassword: {slow_hash(PASSWORDS['lenta'])}\n",
        f"dn: uid=gemelo,{people}\nobjectClass: inetOrgPerson\nuid: gemelo\ncn: Gemelo Uno\nsn: Uno\n"
        f"employeeNumber: 30001\nuserPassword: {PASSWORDS['gemelo']}\n",
        f"dn: uid=gemelo,ou=Servicios,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: gemelo\ncn: Gemelo Dos\nsn: Dos\n"
        f"employeeNumber: 30002\nuserPassword: {PASSWORDS['gemelo']}\n",
    ]
    # base64 for the values with accents, as LDIF asks
    out = []
    for entry in entries:
        lines = []
        for line in entry.strip().split("\n"):
            name, value = line.split(": ", 1)
            if any(ord(c) > 127 or ord(c) < 32 for c in value):
                lines.append(f"{name}:: {base64.b64encode(value.encode()).decode()}")
            else:
                lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


class Slapd:
    def __init__(self, folder, ca, cert, key):
        self.folder = folder
        self.plain_port, self.tls_port = free_port(), free_port()
        self.conf = os.path.join(folder, "slapd.conf")
        database = os.path.join(folder, "db")
        os.makedirs(database)
        with open(self.conf, "w") as f:
            f.write(f"""include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
TLSCACertificateFile {ca}
TLSCertificateFile {cert}
TLSCertificateKeyFile {key}
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "cn=admin,{SUFFIX}"
directory {database}
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
""")
        with open(os.path.join(folder, "entries.ldif"), "w", encoding="utf-8") as f:
            f.write(directory_entries())
        loaded = run(["slapadd", "-f", self.conf, "-l", os.path.join(folder, "entries.ldif")])
        check(loaded.returncode == 0, f"slapadd: {loaded.stderr}")
        self.process = None

    def start(self):
        log = open(os.path.join(self.folder, "slapd.log"), "a")
        self.process = subprocess.Popen(
            ["/usr/sbin/slapd", "-d", "0", "-f", self.conf,
             "-h", f"ldap://127.0.0.1:{self.plain_port}/ ldaps://127.0.0.1:{self.tls_port}/"],
            stdout=log, stderr=log)
        deadline = time.monotonic() + WAIT
        while True:
            check(self.process.poll() is None, "slapd stopped at start: see slapd.log")
            try:
                socket.create_connection(("127.0.0.1", self.tls_port), timeout=1).close()
                return
            except OSError:
                check(time.monotonic() < deadline, "slapd did not start")
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=WAIT)


def write_config(folder, name, directory):
    config = os.path.join(folder, f"{name}.conf")
    with open(config, "w") as f:
        f.write("[directory]\n" + "".join(f"{k} = {v}\n" for k, v in directory.items()))
    return config


class Server:
    def __init__(self, binary, folder, name, directory=None, environment=None):
        self.db = os.path.join(folder, f"{name}.db")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = os.path.join(folder, f"{name}.log")
        command = [binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--db", self.db]
        if directory is not None:
            command += ["--config", write_config(folder, name, directory)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(self.log, "w"),
                                        env=dict(os.environ, **(environment or {})))
        deadline = time.monotonic() + WAIT
        while True:
            check(self.process.poll() is None, f"tk-server {name} stopped at start: {open(self.log).read()}")
            try:
                urllib.request.urlopen(self.base + "/api/v1/health", timeout=5)
                return
            except OSError:
                check(time.monotonic() < deadline, "tk-server did not start")
                time.sleep(0.05)

    def post_enrol(self, body):
        request = urllib.request.Request(self.base + "/api/v1/enrol", data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "Accept-Language": "es-MX"})
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def me(self, token):
        request = urllib.request.Request(self.base + "/api/v1/me", headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request, timeout=WAIT) as r:
            return json.loads(r.read())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=WAIT)


def expect_error(server, user, password, status, code):
    got, body = server.post_enrol({"user": user, "password": password, "device": "PC-PRUEBA"})
    check(got == status and body.get("error", {}).get("code") == code,
          f"{user!r}: expected {status} {code}, got {got} {body}")
    return body


def test(args, folder):
    ca, cert, key, other_ca = make_certificates(folder)
    password_file = os.path.join(folder, "reader.password")
    with open(password_file, "w") as f:
        f.write(READER_PASSWORD + "\n")
    os.chmod(password_file, 0o600)
    slapd = Slapd(folder, ca, cert, key)
    slapd.start()
    servers = []
    try:
        directory = {"url": f"ldaps://127.0.0.1:{slapd.tls_port}", "base": SUFFIX,
                     "user_filter": "(&(objectClass=inetOrgPerson)(|(uid={user})(mail={user})))",
                     "bind_dn": f"cn=tk-lector,ou=Servicios,{SUFFIX}", "bind_password_file": password_file,
                     "ca_file": ca}
        server = Server(args.server, folder, "ldaps", directory)
        servers.append(server)

        # tkctl, as an employee runs it: the password on standard input.
        token_file = os.path.join(folder, "ana.token")
        enrolled = run([args.tkctl, "--server", server.base, "--token-file", token_file, "--lang", "es", "--json",
                        "enrol", "--user", "ana"], input=PASSWORDS["ana"] + "\n")
        check(enrolled.returncode == 0, f"tkctl enrol --user ana: {enrolled.returncode} {enrolled.stderr}")
        check(PASSWORDS["ana"] not in enrolled.stdout + enrolled.stderr, "tkctl printed the password")
        check(oct(os.stat(token_file).st_mode & 0o777) == "0o600", "the token file is not 0600")
        with open(token_file) as f:
            token = f.read().strip()
        me = server.me(token)
        check(me.get("employee") == "10234" and me.get("role") == "employee", f"/me after sign-in: {me}")
        listed = run([args.server, "token", "list", "--db", server.db])
        check("Ana Pérez Núñez (" in listed.stdout, f"the token's name should be Ana's and the computer's: {listed.stdout}")

        # Wrong password and unknown account: one answer for both.
        wrong = run([args.tkctl, "--server", server.base, "--lang", "es", "enrol", "--user", "ana"], input="no-es\n")
        check(wrong.returncode != 0 and "Usuario o contraseña incorrectos" in wrong.stderr,
              f"a wrong password: {wrong.returncode} {wrong.stderr}")
        expect_error(server, "nadie", "algo", 401, "invalid_credentials")
        expect_error(server, "ana", "", 401, "invalid_credentials")  # an empty password is an anonymous bind
        expect_error(server, "*", "algo", 401, "invalid_credentials")
        expect_error(server, "ana)(uid=*", PASSWORDS["ana"], 401, "invalid_credentials")
        expect_error(server, "beto", PASSWORDS["beto"], 403, "no_employee_number")
        expect_error(server, "gemelo", PASSWORDS["gemelo"], 503, "directory_unavailable")
        got, body = server.post_enrol({"user": "ana", "password": PASSWORDS["ana"], "code": "ABCD-EFGH-JKMN"})
        check(got == 422, f"a code and an account together: {got} {body}")

        # Five wrong passwords lock the account; the right one is then refused too, while
        # another account still signs in.
        for _ in range(5):
            expect_error(server, "carla", "mal", 401, "invalid_credentials")
        expect_error(server, "carla", PASSWORDS["carla"], 429, "too_many_attempts")
        expect_error(server, "CARLA", PASSWORDS["carla"], 429, "too_many_attempts")
        # The same person by another name the filter takes: the lock is the entry's too.
        expect_error(server, "carla@ejemplo.gob.mx", PASSWORDS["carla"], 429, "too_many_attempts")
        got, body = server.post_enrol({"user": "ana", "password": PASSWORDS["ana"], "device": "PC-2"})
        check(got == 201 and body.get("employee") == "10234" and body.get("name") == "Ana Pérez Núñez",
              f"ana after carla's lock: {got} {body}")

        # A refused sign-in is logged with the account and the address (never the password).
        with open(server.log, encoding="utf-8", errors="replace") as f:
            logged = f.read()
        check('refused (invalid_credentials) for account "carla" from 127.0.0.1' in logged and
              'refused (too_many_attempts) for account "CARLA" from 127.0.0.1' in logged,
              f"the refusals are not in the server's log: {logged[-600:]}")

        # ldap:// upgraded with StartTLS.
        starttls = Server(args.server, folder, "starttls", dict(directory, url=f"ldap://127.0.0.1:{slapd.plain_port}"))
        servers.append(starttls)
        got, body = starttls.post_enrol({"user": "ana", "password": PASSWORDS["ana"], "device": "PC-3"})
        check(got == 201 and body.get("employee") == "10234", f"StartTLS: {got} {body}")

        # A directory whose certificate the configured authority did not sign: refused even
        # where libldap's process-wide settings would take any certificate.
        untrusted = Server(args.server, folder, "untrusted", dict(directory, ca_file=other_ca),
                           environment={"LDAPTLS_REQCERT": "never"})
        servers.append(untrusted)
        expect_error(untrusted, "ana", PASSWORDS["ana"], 503, "directory_unavailable")

        # Configurations that cannot be safe stop the server at start, saying why.
        for bad, why in ((dict(directory, ca_file=folder), "ca_file"),
                         (dict(directory, ca_file=os.path.join(folder, "missing.pem")), "ca_file"),
                         (dict(directory, url=f"ldaps://127.0.0.1:{slapd.tls_port} ldap://127.0.0.1:{slapd.plain_port}"),
                          "url"),
                         (dict(directory, timeout_seconds=600), "timeout_seconds")):
            refused = run([args.server, "serve", "--listen", f"127.0.0.1:{free_port()}", "--db",
                           os.path.join(folder, "refused.db"), "--config", write_config(folder, "refused", bad)],
                          timeout=WAIT, env=dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8"))
            check(refused.returncode != 0 and why in refused.stderr,
                  f"tk-server should refuse {bad}: {refused.returncode} {refused.stderr}")

        # A name the directory's user may have edited reaches the token list as one plain line.
        got, body = server.post_enrol({"user": "dora", "password": PASSWORDS["dora"], "device": "PC-4"})
        check(got == 201 and body.get("employee") == "40400", f"dora: {got} {body}")
        check(not any(ord(c) < 32 or c == "\x7f" for c in body.get("name", "")) and "Ríos" in body["name"],
              f"the directory's name is not one clean line: {body!r}")
        listed = run([args.server, "token", "list", "--db", server.db])
        check("\x1b" not in listed.stdout and "\x07" not in listed.stdout, "a control character reached token list")

        # Signing in over and over with one's own right password: the device's token is
        # replaced each time (one live token per device), and the loop is stopped.
        loop = Server(args.server, folder, "loop", directory)
        servers.append(loop)
        tokens = []
        for _ in range(10):
            got, body = loop.post_enrol({"user": "dora", "password": PASSWORDS["dora"], "device": "PC-BUCLE"})
            check(got == 201, f"dora's sign-in in a loop: {got} {body}")
            tokens.append(body["token"])
        expect_error(loop, "dora", PASSWORDS["dora"], 429, "too_many_sign_ins")
        live = [line for line in run([args.server, "token", "list", "--db", loop.db]).stdout.splitlines()
                if "(PC-BUCLE)" in line and line.rstrip().endswith("\t-")]
        check(len(live) == 1, f"ten sign-ins from one device left {len(live)} live tokens")
        check(loop.me(tokens[-1]).get("employee") == "40400", "the last token does not work")
        request = urllib.request.Request(loop.base + "/api/v1/me", headers={"Authorization": "Bearer " + tokens[0]})
        try:
            urllib.request.urlopen(request, timeout=WAIT)
            check(False, "the first of ten tokens of one device still works")
        except urllib.error.HTTPError as e:
            check(e.code == 401 and json.loads(e.read())["error"]["code"] == "token_revoked",
                  f"the replaced token: {e.code}")

        # Whether an account exists does not show in the answer's time, though its entry's
        # hash is slow and the decoy bind meets no entry.
        timing = Server(args.server, folder, "timing", directory)
        servers.append(timing)
        got, body = timing.post_enrol({"user": "lenta", "password": PASSWORDS["lenta"], "device": "PC-5"})
        check(got == 201 and body.get("employee") == "50500", f"lenta: {got} {body}")
        known, unknown = [], []
        for i in range(4):
            for user, times in (("lenta", known), (f"nadie{i}", unknown)):
                started = time.monotonic()
                expect_error(timing, user, "no-es-la-clave", 401, "invalid_credentials")
                times.append(time.monotonic() - started)
        known_ms, unknown_ms = sorted(known)[1] * 1000, sorted(unknown)[1] * 1000
        print(f"wrong password of a slow-hash account: {known_ms:.0f} ms; unknown account: {unknown_ms:.0f} ms")
        check(unknown_ms >= 0.75 * known_ms, f"an unknown account answers faster: {unknown_ms:.0f} ms against "
                                             f"{known_ms:.0f} ms")

        # A server without [directory] takes codes only.
        plain = Server(args.server, folder, "nodirectory")
        servers.append(plain)
        expect_error(plain, "ana", PASSWORDS["ana"], 404, "directory_not_configured")

        # The directory gone.
        slapd.stop()
        expect_error(server, "ana", PASSWORDS["ana"], 503, "directory_unavailable")
    finally:
        for s in servers:
            s.stop()
        slapd.stop()
    for s in servers:
        with open(s.log, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for secret in [*PASSWORDS.values(), READER_PASSWORD]:
            check(secret not in text, f"a password is in {os.path.basename(s.log)}")
    with open(untrusted.log, encoding="utf-8", errors="replace") as f:
        check("directory" in f.read(), "the untrusted certificate left no line in the server's log")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--tkctl", required=True)
    args = parser.parse_args()
    for tool in ("/usr/sbin/slapd", shutil.which("slapadd") or "/usr/sbin/slapadd"):
        if not os.path.exists(tool):
            print(f"SKIP: {tool} is missing (install slapd)")
            return 77
    return run_in_folder(test, args, "OK: directory sign-in against a real slapd")


if __name__ == "__main__":
    sys.exit(main())
