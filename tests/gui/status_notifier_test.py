#!/usr/bin/python3
"""tk-tray's icon as a StatusNotifierItem, as a GNOME (AppIndicator extension), KDE or
Wayland desktop meets it: the real tk-tray against a real tk-server, on a private D-Bus
session bus (dbus-run-session) and an Xvfb display, with a desktop watcher written here
(org.kde.StatusNotifierWatcher, the part of the desktop that collects the items).

Checks: the tray registers its item; the item says who it is, that it is active, which
icon (a file in its icon folder, per state) and the state in words (the title); its menu,
read through com.canonical.dbusmenu as a desktop reads it, is the tray's menu in Spanish;
choosing "Mis tickets" there opens that window; with the server gone, "Sincronizar ahora"
turns the icon grey; a watcher that goes away and comes back gets the item again; "Salir"
ends the tray. A screenshot of the window opened from the desktop's menu goes to --out.

Usage: dbus-run-session -- xvfb-run -a status_notifier_test.py --tray PATH --server PATH --out DIR
Needs Debian's python3-gi (hence /usr/bin/python3)."""
import argparse
import os
import signal
import struct
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from tk_script import Failure, check, free_port, run_in_folder  # noqa: E402

try:
    from gi.repository import Gio, GLib
except ImportError:
    print("python3-gi is missing; install it and run with /usr/bin/python3", file=sys.stderr)
    sys.exit(2)

# Generous: the machine may be busy building. These bound a wait, never what is measured.
WAIT = 60

WATCHER_XML = """
<node>
  <interface name="org.kde.StatusNotifierWatcher">
    <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
    <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
    <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
    <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
    <property name="ProtocolVersion" type="i" access="read"/>
    <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
    <signal name="StatusNotifierItemUnregistered"><arg type="s"/></signal>
    <signal name="StatusNotifierHostRegistered"/>
  </interface>
</node>"""

MENU_ES = ["Reportar una falla", "Reportar un incidente de seguridad", "Solicitar un servicio", "-",
           "Mis tickets", "Sincronizar ahora", "-", "Configuración", "Salir"]


def pump(seconds=0.05):
    """Runs the main loop a little: the watcher answers calls only while it runs."""
    end = time.monotonic() + seconds
    context = GLib.MainContext.default()
    while time.monotonic() < end:
        if not context.iteration(False):
            time.sleep(0.01)


def wait_until(condition, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        pump()
    raise Failure(f"not within {WAIT} s: {what}")


class Watcher:
    """The desktop's side: owns org.kde.StatusNotifierWatcher and records who registers."""

    def __init__(self, bus):
        self.bus = bus
        self.items = []  # (bus name, object path)
        self.owner_id = 0
        info = Gio.DBusNodeInfo.new_for_xml(WATCHER_XML).interfaces[0]
        self.registration = bus.register_object("/StatusNotifierWatcher", info, self._call, self._property, None)

    def own(self):
        self.owned = False
        self.owner_id = Gio.bus_own_name_on_connection(self.bus, "org.kde.StatusNotifierWatcher",
                                                       Gio.BusNameOwnerFlags.NONE, self._acquired, None)
        wait_until(lambda: self.owned, "the watcher's name")

    def release(self):
        Gio.bus_unown_name(self.owner_id)
        self.owner_id = 0

    def _acquired(self, *_):
        self.owned = True

    def _call(self, connection, sender, path, interface, method, parameters, invocation):
        if method == "RegisterStatusNotifierItem":
            service = parameters.unpack()[0]
            # An item names its object path (ayatana) or its bus name (others).
            item = (sender, service) if service.startswith("/") else (service, "/StatusNotifierItem")
            self.items.append(item)
            connection.emit_signal(None, path, interface, "StatusNotifierItemRegistered",
                                   GLib.Variant("(s)", (item[0] + item[1],)))
        invocation.return_value(None)

    def _property(self, connection, sender, path, interface, name):
        if name == "RegisteredStatusNotifierItems":
            return GLib.Variant("as", [name + path for name, path in self.items])
        if name == "IsStatusNotifierHostRegistered":
            return GLib.Variant("b", True)
        return GLib.Variant("i", 0)


class Item:
    """The tray's item, read and driven over D-Bus as a desktop does."""

    def __init__(self, bus, name, path):
        self.bus, self.name, self.path = bus, name, path

    def call(self, path, interface, method, args, reply=None):
        answer = self.bus.call_sync(self.name, path, interface, method, args,
                                    GLib.VariantType(reply) if reply else None, Gio.DBusCallFlags.NONE,
                                    WAIT * 1000, None)
        return answer.unpack() if answer else None

    def properties(self):
        return self.call(self.path, "org.freedesktop.DBus.Properties", "GetAll",
                         GLib.Variant("(s)", ("org.kde.StatusNotifierItem",)), "(a{sv})")[0]

    def menu(self):
        """[(id, label or "-")] of the top level, as a desktop draws it."""
        _, layout = self.call(self.properties()["Menu"], "com.canonical.dbusmenu", "GetLayout",
                              GLib.Variant("(iias)", (0, -1, [])), "(u(ia{sv}av))")
        entries = []
        for child in layout[2]:
            child_id, props, _ = child
            if props.get("visible", True) is False:
                continue
            entries.append((child_id, "-" if props.get("type") == "separator" else props.get("label", "")))
        return entries

    def choose(self, label, ends_the_program=False):
        ids = [i for i, text in self.menu() if text == label]
        check(ids, f"no entry '{label}' in the item's menu: {self.menu()}")
        try:
            self.call(self.properties()["Menu"], "com.canonical.dbusmenu", "Event",
                      GLib.Variant("(isvu)", (ids[0], "clicked", GLib.Variant("i", 0), 0)))
        except GLib.Error as e:
            # A program that quits may be gone before its answer is sent; desktops expect that.
            if not (ends_the_program and "NoReply" in str(e)):
                raise


def healthy(url):
    try:
        with urllib.request.urlopen(url + "/api/v1/health", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


def window_titles():
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    return tree


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    check(head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def run(args, work):
    check(os.environ.get("DBUS_SESSION_BUS_ADDRESS"), "no session bus: run under dbus-run-session")
    check(os.environ.get("DISPLAY"), "no display: run under xvfb-run")
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    watcher = Watcher(bus)
    watcher.own()

    db = os.path.join(work, "tk.db")
    token = subprocess.run([args.server, "token", "create", "--db", db, "--role", "employee", "--employee", "1002",
                            "--name", "Ana López"], capture_output=True, text=True, check=True).stdout.strip()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([args.server, "serve", "--listen", f"127.0.0.1:{port}", "--db", db],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tray = None
    try:
        wait_until(lambda: healthy(url), "tk-server's health")
        runtime = os.path.join(work, "runtime")
        os.makedirs(runtime, mode=0o700)
        os.makedirs(os.path.join(work, "home"))
        env = dict(os.environ, HOME=os.path.join(work, "home"), XDG_CONFIG_HOME=os.path.join(work, "config"),
                   XDG_RUNTIME_DIR=runtime, TK_TOKEN=token, LANG="es_MX.UTF-8", NO_AT_BRIDGE="1")
        started = time.monotonic()
        tray = subprocess.Popen([args.tray, "--server", url, "--data-dir", os.path.join(work, "data"), "--lang", "es"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

        name, path = wait_until(lambda: watcher.items[0] if watcher.items else None, "the tray's registration")
        item = Item(bus, name, path)
        props = item.properties()
        check(props["Id"] == "tk-tray", f"Id {props['Id']!r}")
        check(props["Status"] == "Active", f"Status {props['Status']!r}")
        check(props["Category"] == "ApplicationStatus", f"Category {props['Category']!r}")
        online = wait_until(lambda: item.properties()["IconName"] == "tk-tray-online" and item.properties(),
                            "the green icon once the server answered")
        check("Conectado" in online["Title"], f"the title says the state in Spanish: {online['Title']!r}")
        icon_file = os.path.join(online["IconThemePath"], "tk-tray-online.png")
        check(os.path.isfile(icon_file), f"no {icon_file}")
        check(png_size(icon_file) == (64, 64), f"{icon_file} is {png_size(icon_file)}")
        check(online["IconThemePath"].startswith(runtime), "the icons live in the session's runtime folder")

        labels = [text for _, text in item.menu()]
        check(labels == MENU_ES, f"the item's menu: {labels}")

        # Without an XEmbed notification area the tray opens its tickets window after 15 s,
        # to stand in for an icon nobody would see; shown as an item, it has no reason to.
        pump(max(0.0, 17 - (time.monotonic() - started)))
        check('"Mis tickets"' not in window_titles(), "the tickets window opened although the desktop shows the item")

        item.choose("Mis tickets")
        wait_until(lambda: '"Mis tickets"' in window_titles(), "the window 'Mis tickets' opened from the item's menu")
        pump(1.0)  # let it paint before the picture
        os.makedirs(args.out, exist_ok=True)
        subprocess.run(["import", "-window", "root", os.path.join(args.out, "tray-status-notifier-tickets.png")],
                       check=False)

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=WAIT)
        item.choose("Sincronizar ahora")
        offline = wait_until(lambda: item.properties()["IconName"] == "tk-tray-offline" and item.properties(),
                             "the grey icon once the server is gone")
        check(os.path.isfile(os.path.join(offline["IconThemePath"], "tk-tray-offline.png")), "no offline icon file")
        check("Sin conexión" in offline["Title"], f"the title says it is offline: {offline['Title']!r}")

        # The desktop's watcher restarts (a panel crash, a new login shell): the item comes back.
        watcher.release()
        pump(1.0)
        check(tray.poll() is None, "the tray lives on without a watcher")
        watcher.own()
        wait_until(lambda: len(watcher.items) >= 2, "the item registered again with the new watcher")

        item = Item(bus, *watcher.items[-1])
        item.choose("Salir", ends_the_program=True)
        deadline = time.monotonic() + WAIT
        while tray.poll() is None and time.monotonic() < deadline:
            pump(0.1)
        check(tray.poll() == 0, f"'Salir' from the item's menu ends the tray (exit {tray.poll()})")
        stderr = tray.stderr.read()
        check("CRITICAL" not in stderr, f"GTK or GLib complained:\n{stderr}")
    finally:
        if tray and tray.poll() is None:
            tray.kill()
        if server.poll() is None:
            server.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tray", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--out", required=True)
    return run_in_folder(run, parser.parse_args(),
                         "OK: the tray's StatusNotifierItem registers, shows its state, serves its menu and comes back")


if __name__ == "__main__":
    sys.exit(main())
