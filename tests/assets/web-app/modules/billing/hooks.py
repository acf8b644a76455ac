from .._journal import events


def enabled(tenant):
    events.append(("enabled", "billing", tenant))
