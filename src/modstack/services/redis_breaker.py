"""Breaker state in Redis: one hash per breaker under a namespace, every step one Lua
script (atomic), time from the Redis server so every worker agrees on it."""

from __future__ import annotations

from typing import Any

from modstack.services.breaker import Admission, BreakerPolicy, BreakerState

_NOW = "local t = redis.call('TIME'); local now = tonumber(t[1]) + tonumber(t[2]) / 1000000\n"

ADMIT = (
    _NOW
    + """
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'closed' then
  return {1, 'closed', '0', '', tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')}
end
local recovery, probes_max = tonumber(ARGV[1]), tonumber(ARGV[2])
if state == 'open' then
  local waited = now - tonumber(redis.call('HGET', KEYS[1], 'opened_at') or '0')
  if waited < recovery then return {0, 'open', tostring(recovery - waited), '', 0} end
  redis.call('HSET', KEYS[1], 'state', 'half_open', 'probes', 1)
  return {1, 'half_open', '0', 'half_open', 0}
end
local probes = tonumber(redis.call('HGET', KEYS[1], 'probes') or '0')
if probes < probes_max then
  redis.call('HINCRBY', KEYS[1], 'probes', 1)
  return {1, 'half_open', '0', '', 0}
end
return {0, 'half_open', '0', '', 0}
"""
)

SUCCEEDED = """
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
if state == 'closed' and failures == 0 then return '' end
redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0, 'probes', 0)
if state ~= 'closed' then return 'closed' end
return ''
"""

FAILED = (
    _NOW
    + """
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if state == 'half_open' or (state == 'closed' and failures >= tonumber(ARGV[1])) then
  redis.call('HSET', KEYS[1], 'state', 'open', 'opened_at', tostring(now), 'probes', 0)
  return 'open'
end
return ''
"""
)


class RedisBreakerStore:
    """Breakers shared by every process that uses the same Redis and namespace."""

    def __init__(self, url: str, *, namespace: str = "modstack:breaker:") -> None:
        import redis

        self.client: Any = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.namespace = namespace
        self._admit = self.client.register_script(ADMIT)
        self._succeeded = self.client.register_script(SUCCEEDED)
        self._failed = self.client.register_script(FAILED)

    def _key(self, name: str) -> str:
        return self.namespace + name

    def admit(self, name: str, policy: BreakerPolicy) -> Admission:
        allowed, state, retry_in, moved, failures = self._admit(
            keys=[self._key(name)], args=[policy.recovery_timeout, policy.half_open_probes]
        )
        return Admission(
            bool(allowed),
            BreakerState(state.decode()),
            float(retry_in),
            BreakerState(moved.decode()) if moved else None,
            int(failures),
        )

    def succeeded(self, name: str, admission: Admission) -> BreakerState | None:
        if admission.state is BreakerState.CLOSED and not admission.failures:
            return None  # nothing to reset: the success path costs one round trip in all
        moved = self._succeeded(keys=[self._key(name)])
        return BreakerState(moved.decode()) if moved else None

    def failed(self, name: str, policy: BreakerPolicy) -> BreakerState | None:
        moved = self._failed(keys=[self._key(name)], args=[policy.failure_threshold])
        return BreakerState(moved.decode()) if moved else None

    def state(self, name: str) -> BreakerState:
        value = self.client.hget(self._key(name), "state")
        return BreakerState(value.decode()) if value else BreakerState.CLOSED

    def reset(self, name: str) -> None:
        """Forget a breaker (tests, and after an operator fixed the dependency)."""
        self.client.delete(self._key(name))

    def close(self) -> None:
        """Close the connection."""
        self.client.close()
