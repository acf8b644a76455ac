"""Content: content pages, media library and themes."""

from modstack import ModuleDefinition

cms_module = ModuleDefinition(
    code="cms",
    name="Content",
    description="Content pages, media library and themes.",
    version="1.1.0",
    tier="core",
    requires=["core"],
    features=["content_pages", "media_library"],
    menu_items={"admin": ["content-pages"], "vendor": ["content-pages", "media"]},
    permissions={"admin": ["cms.edit"], "vendor": ["cms.edit"]},
)
