"""The seed's ``core`` package: ``core/modules/`` holds one package per module."""
