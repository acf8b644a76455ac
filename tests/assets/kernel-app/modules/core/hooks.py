from .._journal import events


async def start(context):
    events.append(("start", context.code))


def stop():
    events.append(("stop", "core"))


def health():
    return {"status": "healthy", "connections": 3}
