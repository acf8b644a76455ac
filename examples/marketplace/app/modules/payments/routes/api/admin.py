"""Operating the simulated gateway (admin token required): make it fail or slow down,
and watch the breaker."""

from fastapi import APIRouter, Request

from ...schemas import GatewayBehaviour, GatewayStatus
from ...services import PaymentGateway

router = APIRouter()  # under the admin frontend: modstack requires the admin credential


def _status(gateway: PaymentGateway) -> GatewayStatus:
    return GatewayStatus(
        mode=gateway.mode,
        slow_seconds=gateway.slow_seconds,
        calls=gateway.calls,
        charges=len(gateway.charges),
        breaker=gateway.breaker_state("charge").value,
    )


def _gateway(request: Request) -> PaymentGateway:
    gateway: PaymentGateway = request.app.state.modstack.services.get_service("payment_gateway")
    return gateway


@router.get("/gateway", response_model=GatewayStatus)
def gateway_status(request: Request) -> GatewayStatus:
    return _status(_gateway(request))


@router.put("/gateway", response_model=GatewayStatus)
def set_gateway(request: Request, behaviour: GatewayBehaviour) -> GatewayStatus:
    gateway = _gateway(request)
    gateway.behave(behaviour.mode, behaviour.slow_seconds)
    return _status(gateway)
