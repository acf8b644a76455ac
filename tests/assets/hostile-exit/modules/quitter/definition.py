"""A definition that ends the interpreter at once, with a success code and no output."""

import os

os._exit(0)
