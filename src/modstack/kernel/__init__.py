"""The runtime: modules started in load order, stopped in reverse, failures isolated.

kernel = Kernel(registry)
async with kernel.running():
    kernel.runtime("billing").state   # Lifecycle.ACTIVE
"""

from modstack.kernel.hooks import call_hook, resolve_hook
from modstack.kernel.kernel import Kernel, ModuleContext
from modstack.kernel.lifecycle import TRANSITIONS, Lifecycle, check_transition
from modstack.kernel.module_config import env_prefix, load_module_config
from modstack.kernel.runtime import ModuleRuntime

__all__ = [
    "TRANSITIONS",
    "Kernel",
    "Lifecycle",
    "ModuleContext",
    "ModuleRuntime",
    "call_hook",
    "check_transition",
    "env_prefix",
    "load_module_config",
    "resolve_hook",
]
