"""A definition that never finishes importing: it waits on something that never comes."""

import time

time.sleep(3600)
