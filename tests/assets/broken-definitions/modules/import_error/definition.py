from modstack import ModuleDefinition

import no_such_package_xyz

import_error = ModuleDefinition("import_error")
