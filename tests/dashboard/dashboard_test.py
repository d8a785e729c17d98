#!/usr/bin/python3
"""The quality dashboard (/dashboard) as the directorate meets it: headless Chromium against
a real tk-server with tickets filed, worked and rated through the real API.

It signs in with a wrong token, an employee's token and an administrator's; checks that the
token stays out of the address bar and in the tab's sessionStorage only; reads the month's
figures from the page and compares them with what the API computed; moves to the previous
month (nothing opened there); prints the review (print media and a PDF); signs out; and sees
a token revoked while the page is open send the user back to the sign-in form. Screenshots
and the PDF go to --out.

Usage: dashboard_test.py --server PATH_TO_tk-server --out DIR
Needs Debian's python3-selenium, chromium and chromium-driver; hence /usr/bin/python3, whose
packages those are (a python3 earlier in PATH may not have selenium)."""
import argparse
import base64
import datetime
import json
import math
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from tk_script import Failure, check, free_port, run_in_folder  # noqa: E402

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("SKIP-ERROR: selenium is missing; install python3-selenium and run with /usr/bin/python3", file=sys.stderr)
    sys.exit(2)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Generous: the machine may be busy building. These bound a wait, never what is measured.
WAIT = 60

# What the page must say, word for word (server/dashboard/dashboard.js).
BAD_TOKEN = "El token no es válido, está revocado o venció."
NO_ACCESS = "Este token no tiene acceso al tablero: se necesita un token de agente o de administración."
SESSION_ENDED = "La sesión terminó porque el token ya no es válido, fue revocado o venció. Entre de nuevo."
DATES_ORDER = "La fecha «Desde» debe ser anterior o igual a «Hasta»."
PRINT_TITLE = "Revisión por la dirección: desempeño del servicio"
TOKEN_KEY = "tk.dashboard.token"


# ---- tk-server -----------------------------------------------------------------------------

def run_server_command(server, *args):
    r = subprocess.run([server, *args], capture_output=True, text=True, encoding="utf-8")
    check(r.returncode == 0, f"tk-server {' '.join(args[:2])} failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


def create_token(server, db, *args):
    token = run_server_command(server, "token", "create", "--db", db, *args).strip()
    check(token and "\n" not in token, f"token create printed more than a token: {token!r}")
    return token


class Api:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, token=None, body=None):
        headers = {"Accept": "application/json", "Accept-Language": "es-MX"}
        data = None
        if token:
            headers["Authorization"] = "Bearer " + token
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
            headers["Idempotency-Key"] = str(uuid.uuid4())
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as response:
                return response.status, json.loads(response.read().decode("utf-8") or "null")
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, text

    def ok(self, method, path, token=None, body=None, expect=(200,)):
        status, answer = self.call(method, path, token, body)
        check(status in expect, f"{method} {path} answered {status}, expected {expect}: {answer}")
        return answer


def wait_for_health(api, process, log_path):
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=WAIT)
    while datetime.datetime.now() < deadline:
        if process.poll() is not None:
            raise Failure(f"tk-server exited with {process.returncode} at start:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(api.base + "/api/v1/health", timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            pass
        try:
            process.wait(timeout=0.1)  # a short pause between attempts that also notices an exit
        except subprocess.TimeoutExpired:
            pass
    raise Failure(f"tk-server did not answer /api/v1/health within {WAIT} s:\n{tail(log_path)}")


def tail(path, lines=30):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no log)"


# ---- The tickets behind the figures --------------------------------------------------------

def category_for(catalog, ticket_type):
    for c in catalog.get("categories", []):
        if ticket_type in c.get("types", []):
            return c["id"]
    raise Failure(f"the catalog has no category for {ticket_type}")


def file_tickets(api, employee, agent):
    """Five tickets: three resolved, two of them confirmed with ratings 5 and 4."""
    catalog = api.ok("GET", "/api/v1/catalog", employee)
    reporter = {"employee": "10001", "name": "Luis Pérez"}

    def new(token, ticket_type, summary, channel=None):
        body = {"type": ticket_type, "category": category_for(catalog, ticket_type), "summary": summary,
                "description": summary + ". Registrado por la prueba del tablero.", "reporter": reporter}
        if channel:
            body["channel"] = channel
        return api.ok("POST", "/api/v1/tickets", token, body, expect=(201,))["tk"]

    def event(token, tk, body):
        return api.ok("POST", f"/api/v1/tickets/{tk}/events", token, body)

    tickets = [
        new(employee, "incident", "La impresora del piso 3 no imprime"),
        new(employee, "incident", "No abre el sistema de nómina", channel="tray"),
        new(employee, "service_request", "Alta de acceso a la carpeta de Calidad"),
        new(agent, "incident", "Llamada: sin red en la sala de juntas", channel="phone"),
        new(employee, "security_incident", "Correo sospechoso que pide la contraseña"),
    ]
    for tk in tickets[:3]:
        event(agent, tk, {"action": "take"})
        event(agent, tk, {"action": "resolve", "note": "Atendido por la mesa de servicios."})
    event(employee, tickets[0], {"action": "confirm", "rating": 5, "comment": "Muy rápido, gracias."})
    event(employee, tickets[1], {"action": "confirm", "rating": 4, "comment": "Bien."})
    return catalog, tickets


# ---- The browser ---------------------------------------------------------------------------

def start_browser(profile_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1366,900", "--lang=es-MX", f"--user-data-dir={profile_dir}",
                 "--no-first-run", "--no-default-browser-check"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "es-MX,es"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The desk's days are UTC here (no calendar configured), and so is the browser's clock
    # for "the current month"; LANGUAGE gives Spanish date pickers where the locale exists.
    env = dict(os.environ, TZ="UTC", LANGUAGE="es_MX:es", LANG="es_MX.UTF-8")
    return webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=options)


class Page:
    def __init__(self, driver):
        self.driver = driver
        self.console = []

    def find(self, testid):
        return self.driver.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')

    def finds(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def wait(self, what, condition, timeout=WAIT, poll=0.2):
        WebDriverWait(self.driver, timeout, poll_frequency=poll,
                      ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(
            lambda _: condition(), message=f"timed out after {timeout} s waiting for: {what}")

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def state(self):
        d = self.find("dashboard")
        return d.get_attribute("data-state"), d.get_attribute("data-from"), d.get_attribute("data-to")

    def wait_report(self, period):
        def shown():
            # A refusal on the page ends the wait at once, with the page's own words.
            state = self.state()
            if state[0] == "error":
                raise Failure(f"the page shows an error instead of the report: {self.find('report-error').text}")
            if self.find("signin").is_displayed() and self.find("signin-error").text:
                raise Failure(f"the page is back at sign-in: {self.find('signin-error').text}")
            return state == ("ready", period[0], period[1])
        self.wait(f"the report of {period[0]} .. {period[1]}", shown)

    def value(self, testid):
        return self.find(testid).get_attribute("data-value")

    def collect_console(self):
        self.console.extend(self.driver.get_log("browser"))

    def screenshot(self, out, name):
        path = os.path.join(out, name)
        check(self.driver.save_screenshot(path), f"could not save {path}")
        print(f"  screenshot {path}")

    def full_page_screenshot(self, out, name):
        """The whole page, below the fold too: the charts and tables a person must look at."""
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot",
                                           {"format": "png", "captureBeyondViewport": True})
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"  screenshot {path}")

    def sign_in(self, token):
        field = self.find("token")
        field.clear()
        field.send_keys(token)
        self.find("signin-button").click()

    def session_token(self):
        return self.js("return window.sessionStorage.getItem(arguments[0]);", TOKEN_KEY)

    def set_dates(self, start, end):
        # Date inputs are typed in the browser's own locale; their value is ISO whatever it shows.
        self.js("""const [f, t, a, b] = arguments;
                   f.value = a; f.dispatchEvent(new Event('change'));
                   t.value = b; t.dispatchEvent(new Event('change'));""",
                self.find("from"), self.find("to"), start, end)

    def set_month(self, ym):
        self.js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));",
                self.find("month"), ym)


def month_period(day):
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first.isoformat(), (following - datetime.timedelta(days=1)).isoformat()


def same_number(shown, computed):
    """The page's data-value (text) against the API's number; "" stands for null."""
    if computed is None:
        return shown == ""
    if shown in (None, ""):
        return False
    return math.isclose(float(shown), float(computed), rel_tol=1e-9, abs_tol=1e-9)


KPIS = [  # data-testid, path in the report
    ("kpi-opened", ("tickets", "opened")),
    ("kpi-closed", ("tickets", "closed")),
    ("kpi-resolved", ("resolved",)),
    ("kpi-satisfaction", ("satisfaction", "mean")),
    ("kpi-responses", ("satisfaction", "responses")),
    ("kpi-fcr", ("first_contact_resolution",)),
    ("kpi-fcr-count", ("first_contact_resolved",)),
    ("kpi-reopened", ("reopened",)),
    ("kpi-reopened-rate", ("reopened_rate",)),
    ("kpi-backlog", ("backlog", "open")),
    ("kpi-backlog-old", ("backlog", "older_than_7_days")),
    ("kpi-median", ("resolution_hours", "median")),
    ("kpi-p90", ("resolution_hours", "p90")),
    ("kpi-resolution-count", ("resolution_hours", "count")),
]


def dig(report, path):
    for key in path:
        report = report[key]
    return report


def check_figures(page, report, where):
    for testid, path in KPIS:
        shown = page.value(testid)
        check(same_number(shown, dig(report, path)),
              f"{where}: {testid} shows {shown!r}, the API computed {'.'.join(path)} = {dig(report, path)!r}")
    for objective in report["objectives"]:
        rows = page.finds(f'[data-testid="objective-{objective["id"]}"]')
        check(len(rows) == 1, f"{where}: no row for the objective {objective['id']}")
        expected = {True: "yes", False: "no", None: "none"}[objective["met"]]
        check(rows[0].get_attribute("data-met") == expected,
              f"{where}: objective {objective['id']} shows met={rows[0].get_attribute('data-met')}, API {objective['met']}")
    for stage in report["stages"]:
        check(page.finds(f'[data-testid="stage-{stage["level"]}"]'), f"{where}: no row for the stage {stage['level']}")


def run(args, work):
    server = os.path.abspath(args.server)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    db = os.path.join(work, "tk.db")
    log_path = os.path.join(work, "server.log")

    admin = create_token(server, db, "--role", "admin", "--name", "Dirección")
    agent = create_token(server, db, "--role", "agent", "--name", "Ana López", "--login", "alopez", "--group", "mesa")
    employee = create_token(server, db, "--role", "employee", "--employee", "10001", "--name", "Luis Pérez")

    port = free_port()
    api = Api(f"http://127.0.0.1:{port}")
    with open(log_path, "wb") as log:
        process = subprocess.Popen([server, "serve", "--listen", f"127.0.0.1:{port}", "--db", db],
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    driver = None
    page = None
    try:
        wait_for_health(api, process, log_path)
        print(f"tk-server on port {port}")
        catalog, tickets = file_tickets(api, employee, agent)
        print(f"filed {', '.join(tickets)}")
        created = api.ok("GET", f"/api/v1/tickets/{tickets[0]}", admin)["created_at"]
        this_month = month_period(datetime.date.fromisoformat(created[:10]))
        today = datetime.datetime.now(datetime.timezone.utc).date()
        check(month_period(today) == this_month,
              "the month changed while the tickets were filed; run the test again")
        last_month = month_period(datetime.date.fromisoformat(this_month[0]) - datetime.timedelta(days=1))

        driver = start_browser(os.path.join(work, "chromium-profile"))
        page = Page(driver)
        base = api.base + "/dashboard"

        # Sign-in form.
        driver.get(base)
        page.wait("the sign-in form", lambda: page.find("signin").is_displayed() and page.find("token").is_displayed())
        check(page.find("token").get_attribute("type") == "password", "the token field is not a password field")
        check(page.find("signin-button").text == "Entrar", "the sign-in button does not say Entrar")
        check(not page.find("dashboard").is_displayed(), "the dashboard shows before signing in")
        page.screenshot(out, "dashboard-signin.png")

        # A token the server does not know.
        page.sign_in("tk_esto-no-es-un-token")
        page.wait("the wrong-token message", lambda: page.find("signin-error").text == BAD_TOKEN)
        check(page.session_token() is None, "a refused token was kept in sessionStorage")

        # An employee's token is valid but not for the dashboard.
        page.sign_in(employee)
        page.wait("the employee's refusal", lambda: page.find("signin-error").text == NO_ACCESS)
        check(page.session_token() is None, "the employee's token was kept in sessionStorage")
        check(not page.find("dashboard").is_displayed(), "the dashboard opened for an employee")

        # The directorate's token.
        page.sign_in(admin)
        page.wait_report(this_month)
        check(page.find("session-name").text == "Dirección", f"the header names {page.find('session-name').text!r}")
        url = driver.current_url
        check(admin not in url and "token" not in url.lower(), f"the token is in the address bar: {url}")
        check(url.rstrip("/").endswith("/dashboard"), f"unexpected address after signing in: {url}")
        check(page.session_token() == admin, "the token is not in sessionStorage")
        in_local = page.js("return Object.keys(localStorage).filter(k => localStorage.getItem(k).includes(arguments[0])).length;", admin)
        check(in_local == 0, "the token is in localStorage")
        check(admin not in page.js("return document.cookie;"), "the token is in a cookie")
        check(page.find("month").get_attribute("value") == this_month[0][:7], "the month selector is not this month")

        # This month's figures, against the API's own computation of the same period.
        report = api.ok("GET", f"/api/v1/reports/quality?from={this_month[0]}&to={this_month[1]}", admin)
        check(report["tickets"]["opened"] == 5, f"the API counts {report['tickets']['opened']} opened, expected 5")
        check(page.value("kpi-opened") == "5" and page.find("kpi-opened").text == "5",
              f"tickets opened shows {page.find('kpi-opened').text!r}")
        check(page.find("kpi-closed").text == "2", f"tickets closed shows {page.find('kpi-closed').text!r}")
        check(page.find("kpi-resolved").text == "3", f"tickets resolved shows {page.find('kpi-resolved').text!r}")
        check(page.find("kpi-satisfaction").text == "4.5",
              f"satisfaction shows {page.find('kpi-satisfaction').text!r}, expected 4.5")
        check(page.find("kpi-responses").text == "2 respuestas",
              f"responses show {page.find('kpi-responses').text!r}, expected '2 respuestas'")
        check(same_number(page.value("kpi-satisfaction"), report["satisfaction"]["mean"]) and
              report["satisfaction"]["mean"] == 4.5, f"the API's mean is {report['satisfaction']['mean']}")
        check_figures(page, report, "this month")
        by_type = report["tickets"]["by_type"]
        filed = {"incident": 3, "service_request": 1, "security_incident": 1}
        check({k: by_type.get(k, 0) for k in filed} == filed, f"the API counts {by_type} by type, filed {filed}")
        # The product's words, from the catalog the tray and the kiosk read too.
        labels = {entry["id"]: entry["label"] for entry in catalog["labels"]["types"]}
        check(labels.get("incident") == "Falla o incidente", f"the catalog calls an incident {labels.get('incident')!r}")
        for key, label in labels.items():
            row = page.find(f"type-{key}")
            check(row.find_element(By.CSS_SELECTOR, "th").text == label, f"type {key} is labelled {row.text!r}")
            check(same_number(row.find_element(By.CSS_SELECTOR, "td").get_attribute("data-value"), by_type.get(key, 0)),
                  f"type {key}: the page shows {row.text!r}, the API {by_type.get(key, 0)}")
        names = {c["id"]: c["name"] for c in catalog["categories"]}
        for key, count in report["tickets"]["by_category"].items():
            row = page.find(f"category-{key}")
            check(row.find_element(By.CSS_SELECTOR, "th").text == names.get(key, key),
                  f"category {key} is labelled {row.find_element(By.CSS_SELECTOR, 'th').text!r}, not by the catalog")
        for key in report["tickets"]["by_channel"]:
            check(page.finds(f'[data-testid="channel-{key}"]'), f"no row for the channel {key}")

        # Chart.js came from the server and drew all four charts under the page's CSP.
        drawn = page.js("""return document.body.dataset.charts === 'on' &&
            ['chart-volume', 'chart-stages', 'chart-satisfaction', 'chart-backlog'].every(id => {
              const c = document.getElementById(id);
              return window.Chart.getChart(c) !== undefined && c.clientWidth > 0 && c.clientHeight > 0; });""")
        check(drawn, "the charts were not drawn (is /dashboard/chart.js served?)")
        page.screenshot(out, "dashboard-month.png")
        page.full_page_screenshot(out, "dashboard-month-full.png")

        # The previous month: nothing was opened then.
        page.find("month-prev").click()
        page.wait_report(last_month)
        check(page.find("kpi-opened").text == "0" and page.value("kpi-opened") == "0",
              f"the previous month shows {page.find('kpi-opened').text!r} opened")
        earlier = api.ok("GET", f"/api/v1/reports/quality?from={last_month[0]}&to={last_month[1]}", admin)
        check(earlier["tickets"]["opened"] == 0, f"the API counts {earlier['tickets']['opened']} opened last month")
        check_figures(page, earlier, "previous month")
        page.screenshot(out, "dashboard-empty-period.png")

        # A custom range the wrong way round is refused before asking the server.
        page.set_dates(this_month[1], this_month[0])
        check(page.find("month").get_attribute("value") == "", "the month stays selected for a custom range")
        page.find("refresh").click()
        page.wait("the range message", lambda: page.find("report-error").text == DATES_ORDER)

        # A custom range that is not a whole month, then back to this month.
        page.set_dates(this_month[0], today.isoformat())
        page.find("refresh").click()
        page.wait_report((this_month[0], today.isoformat()))
        check(page.value("kpi-opened") == "5", "the range up to today does not show the 5 tickets")
        page.set_month(this_month[0][:7])
        page.wait_report(this_month)

        # The print button asks the browser to print (stubbed: headless has no dialog).
        page.js("window.__printed = 0; window.print = () => { window.__printed += 1; };")
        check(page.find("print").text == "Imprimir revisión mensual", "the print button's label changed")
        page.find("print").click()
        page.wait("window.print()", lambda: page.js("return window.__printed;") == 1)

        # On paper: the record's heading, the tables, room for conclusions and signatures; no controls.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            heading = page.find("print-review")
            check(heading.is_displayed(), "the printable review heading is not shown in print")
            check(PRINT_TITLE in heading.text, f"the printed title is {heading.text!r}")
            check(page.find("print-period").text.strip() != "", "the printed record has no period")
            closing = page.find("print-signatures")
            check(closing.is_displayed(), "the conclusions and signatures are not printed")
            for word in ("Conclusiones y acciones", "Elaboró", "Revisó", "Aprobó"):
                check(word in closing.text, f"the printed record lacks {word!r}")
            for testid in ("objectives", "kpi-opened", "stages", "by-type", "by-category", "by-channel"):
                check(page.find(testid).is_displayed(), f"{testid} is not printed")
            for testid in ("period-form", "print", "refresh", "sign-out"):
                check(not page.find(testid).is_displayed(), f"the control {testid} is printed")
            pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
            data = base64.b64decode(pdf["data"])
            check(data.startswith(b"%PDF"), "Page.printToPDF did not return a PDF")
            with open(os.path.join(out, "dashboard-review.pdf"), "wb") as f:
                f.write(data)
            print(f"  pdf {os.path.join(out, 'dashboard-review.pdf')} ({len(data)} bytes)")
        finally:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

        # Salir forgets the token.
        page.find("sign-out").click()
        page.wait("the sign-in form after Salir", lambda: page.find("signin").is_displayed())
        check(page.session_token() is None, "Salir left the token in sessionStorage")
        check(not page.find("dashboard").is_displayed(), "the dashboard still shows after Salir")

        # An agent signs in; the token is revoked while the page is open; the next request
        # (the server honours a revocation within a second) sends them back to sign in.
        page.sign_in(agent)
        page.wait_report(this_month)
        listing = run_server_command(server, "token", "list", "--db", db).splitlines()
        agent_ids = [line.split("\t")[0] for line in listing[1:] if line.split("\t")[3:4] == ["alopez"]]
        check(len(agent_ids) == 1, f"token list does not show the agent once:\n{chr(10).join(listing)}")
        run_server_command(server, "token", "revoke", "--db", db, agent_ids[0])

        def back_to_sign_in():
            if page.find("signin").is_displayed():
                return True
            if page.state()[0] in ("ready", "error"):
                page.find("refresh").click()
            return False
        page.wait("the sign-in form after the token was revoked", back_to_sign_in, poll=0.5)
        check(page.find("signin-error").text == SESSION_ENDED,
              f"after the revocation the page says {page.find('signin-error').text!r}")
        check(page.session_token() is None, "the revoked token was kept in sessionStorage")

        page.collect_console()
        csp = [e["message"] for e in page.console if "Content Security Policy" in e["message"]]
        check(not csp, "the page broke its Content-Security-Policy:\n" + "\n".join(csp))
    except Exception:
        if page is not None:
            try:
                page.screenshot(out, "dashboard-failure.png")
                page.collect_console()
                for e in page.console:
                    print(f"  console {e['level']}: {e['message']}", file=sys.stderr)
            except WebDriverException:
                pass
        print(f"tk-server log (last lines):\n{tail(log_path)}", file=sys.stderr)
        raise
    finally:
        if driver is not None:
            driver.quit()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise Failure("tk-server did not stop on SIGTERM")
    check(process.returncode == 0, f"tk-server stopped with {process.returncode} on SIGTERM:\n{tail(log_path)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="path to the tk-server binary")
    parser.add_argument("--out", required=True, help="directory for the screenshots and the PDF")
    args = parser.parse_args()
    for path in (args.server, CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            print(f"FAIL: {path} is not an executable", file=sys.stderr)
            return 2
    return run_in_folder(run, args, "dashboard: OK")


if __name__ == "__main__":
    sys.exit(main())
