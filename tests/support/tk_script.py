"""What the Python tests share: a failure that is the test's verdict, a free port on
127.0.0.1, and a main that runs a test in a fresh folder and turns its outcome into the
exit code ctest reads (0 passed; 1 failed, with the reason or the trace)."""
import socket
import sys
import tempfile
import traceback


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_in_folder(test, args, passed):
    """Runs test(args, folder) in a temporary folder; prints `passed` or why not."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            test(args, folder)
        except Failure as e:
            print(f"FAIL: {e}", file=sys.stderr)
            return 1
        except Exception:  # a broken test is a failure too, with its trace
            traceback.print_exc()
            return 1
    print(passed)
    return 0
