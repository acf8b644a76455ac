"""A definition that starts a (non-daemon) thread that never ends: the interpreter would
wait for it forever at exit."""

import threading
import time

from modstack import ModuleDefinition

threading.Thread(target=lambda: time.sleep(3600), name="spinner-loop").start()

spinner = ModuleDefinition("spinner")
