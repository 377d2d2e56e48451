# Feeds frames (one JSON array of fields per line, as tools/dump-frames.mjs writes) to the
# OFFICIAL ibapi Decoder at a given server version and reports, per kind of message, whether it
# decoded, how many fields it left over, and which EWrapper callbacks it made. The referee when
# the simulator and a third-party client disagree.
#
# usage: python3 tools/official-decode.py IBAPI_DIR SERVER_VERSION FRAMES.jsonl
#   IBAPI_DIR holds the ibapi/ package of an official release (e.g. a checkout of
#   nautechsystems/nautilus_ibapi at branch update-stable-to-10.37.02 or -10.30.01); nothing of
#   it is kept in this repository. Its protobuf modules are stubbed (text protocol only).
import sys, json, types, logging, importlib.abc, importlib.machinery
from unittest.mock import MagicMock
root, version, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sys.path.insert(0, root)
class Stub(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name == "google" or name.startswith("google.") or name.startswith("ibapi.protobuf"):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
    def create_module(self, spec):
        m = types.ModuleType(spec.name); m.__path__ = []
        m.__getattr__ = lambda attr: MagicMock(name=attr)
        return m
    def exec_module(self, m): pass
sys.meta_path.insert(0, Stub())
logs = []
class H(logging.Handler):
    def emit(self, rec): logs.append(rec.getMessage())
logging.getLogger().addHandler(H()); logging.getLogger().setLevel(logging.ERROR)
from ibapi.decoder import Decoder
from ibapi.wrapper import EWrapper
import ibapi.utils
calls = []
class W(EWrapper):
    pass
def rec(name):
    def f(self, *a, **k): calls.append((name, a))
    return f
for n in dir(EWrapper):
    if not n.startswith("_") and callable(getattr(EWrapper, n)) and n not in ("logAnswer",):
        setattr(W, n, rec(n))
d = Decoder(W(), version)
import inspect
STRIP_ID = "msgId" in inspect.signature(Decoder.interpret).parameters
class Counting:
    def __init__(self, items): self.items = items; self.i = 0
    def __iter__(self): return self
    def __next__(self):
        if self.i >= len(self.items): raise StopIteration
        self.i += 1; return self.items[self.i - 1]
bad = 0
seen = {}
for n, line in enumerate(open(path)):
    f = json.loads(line)
    if n == 0 and len(f) == 2:
        continue  # the handshake reply (version, connection time) is not a message
    fields = [x.encode() for x in f]
    mid = int(f[0])
    if STRIP_ID: fields = fields[1:]
    calls.clear(); logs.clear()
    hi = d.msgId2handleInfo.get(mid)
    status = "ok"; left = 0
    try:
        if hi is None: status = "NO HANDLER"
        elif hi.wrapperMeth is not None:
            d.interpretWithSignature(fields, hi)
            if logs: status = "DROPPED: " + logs[0][:120]
        else:
            it = Counting(fields); hi.processMeth(d, it); left = len(fields) - it.i
            if left: status = f"LEFTOVER {left}"
    except Exception as e:
        status = f"EXCEPTION {type(e).__name__}: {e}"[:160]
    names = ",".join(sorted(set(c[0] for c in calls)))
    key = (mid, status, names)
    if key in seen: seen[key] += 1; continue
    seen[key] = 1
    if status != "ok": bad += 1
    print(f"{version} id {mid:<4} n={len(f)-1:<4} {status:<28} -> {names}")
print(f"{version}: {bad} problem kinds")
