from modstack.events import current_delivery, handles

from .events import NoteWritten, delivered


@handles(NoteWritten)
def keep(event: NoteWritten) -> None:
    delivery = current_delivery()
    delivered.append((delivery.event_id if delivery else None, event.tenant, event.text))
