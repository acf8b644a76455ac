"""``manage.py system_health``: every module's state and health and the store's; exits 1
unless every module is active and healthy and the store answers. Starts the modules
(no background loops) when the project is not serving in this process."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from modstack.django.adapter import Modstack
from modstack.django.gate import current
from modstack.web.health import HEALTHY, status_document


class Command(BaseCommand):
    help = "Every module's state and health, and the store's; exit 1 unless all are well."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        stack = current()
        document = _document(stack)
        if options["json"]:
            self.stdout.write(json.dumps(document, indent=2, sort_keys=True))
        else:
            for code, summary in document["modules"].items():
                self.stdout.write(f"{code:<24} {summary['state']:<10} {summary['health']}")
            self.stdout.write(f"store: {document['store']}")
        unwell = [
            code
            for code, summary in document["modules"].items()
            if summary["state"] != "active" or summary["health"] not in HEALTHY
        ]
        if unwell or document["store"] != "reachable":
            problems = [*unwell, *(["the store"] if document["store"] != "reachable" else [])]
            raise CommandError(f"not healthy: {', '.join(problems)}", returncode=1)


def _document(stack: Modstack) -> dict[str, Any]:
    reachable = stack.store_probe.refresh()
    if stack.started:
        return stack.core.call(status_document(stack.core, reachable))

    async def inspect() -> dict[str, Any]:
        async with stack.core.running(background=False):
            return await status_document(stack.core, reachable)

    return asyncio.run(inspect())
