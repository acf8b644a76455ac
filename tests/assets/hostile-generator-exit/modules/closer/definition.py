"""A definition that raises a BaseException that is not an Exception."""

raise GeneratorExit
