"""Where the page cache keeps its entries: this process's memory, Redis, or nowhere.

An entry never changes once stored: the versions it was rendered at are part of its
key (forum/pagecache/versions.py), so no store needs invalidating; old versions fall
out of the least-recently-used memory and expire in Redis.
"""

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """A stored response: its versions, headers, and body cut at the slots."""

    versions: tuple[int, int, int]
    stored_at: float
    status: str
    headers: tuple[tuple[str, str], ...]
    chunks: tuple[bytes, ...]
    slots: tuple[str, ...]

    @property
    def size(self) -> int:
        """Roughly how many bytes the entry takes."""
        return sum(map(len, self.chunks)) + 64 * len(self.headers) + 200

    def to_bytes(self) -> bytes:
        """Serialise the entry for a shared store (JSON head, then the chunks)."""
        head = {
            "versions": self.versions,
            "stored_at": self.stored_at,
            "status": self.status,
            "headers": self.headers,
            "sizes": [len(chunk) for chunk in self.chunks],
            "slots": self.slots,
        }
        return json.dumps(head).encode() + b"\n" + b"".join(self.chunks)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Entry":
        """Read an entry written by :meth:`to_bytes`."""
        head_bytes, _, body = data.partition(b"\n")
        head = json.loads(head_bytes)
        chunks, start = [], 0
        for size in head["sizes"]:
            chunks.append(body[start : start + size])
            start += size
        return cls(
            versions=tuple(head["versions"]),
            stored_at=head["stored_at"],
            status=head["status"],
            headers=tuple(tuple(pair) for pair in head["headers"]),
            chunks=tuple(chunks),
            slots=tuple(head["slots"]),
        )


class MemoryStore:
    """Entries in this process, the least recently used dropped beyond a size in bytes."""

    def __init__(self, max_bytes: int):
        """Keep at most ``max_bytes`` of entries."""
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        """Return the entry stored under ``key``, if any."""
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def set(self, key: str, entry: Entry) -> None:
        """Store an entry, dropping the least recently used ones to make room."""
        if entry.size > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= old.size
            self.entries[key] = entry
            self.size += entry.size
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= dropped.size


class RedisStore:
    """Entries in Redis, shared by every app host, with a small copy in this process.

    Entries never change once stored (their versions are part of their key), so the
    copy in this process needs no invalidation. If Redis fails, the
    page is rendered as if nothing were cached.
    """

    PREFIX = "forum:page:"

    def __init__(self, url: str, ttl: int, local_bytes: int):
        """Connect lazily to Redis at ``url``; entries live ``ttl`` seconds there."""
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.ttl = ttl
        self.local = MemoryStore(local_bytes)

    def _name(self, key: str) -> str:
        """Name the Redis key for a cache key (hashed: keys hold paths from the request)."""
        return self.PREFIX + hashlib.sha256(key.encode()).hexdigest()

    def get(self, key: str) -> Entry | None:
        """Return the entry under ``key``: from this process if it has it, else Redis."""
        entry = self.local.get(key)
        if entry is not None:
            return entry
        try:
            data = self.client.get(self._name(key))
        except Exception:
            logger.warning("Page cache: Redis did not answer a read", exc_info=True)
            return None
        if data is None:
            return None
        entry = Entry.from_bytes(data)
        self.local.set(key, entry)
        return entry

    def set(self, key: str, entry: Entry) -> None:
        """Store an entry in Redis and in this process."""
        self.local.set(key, entry)
        try:
            self.client.set(self._name(key), entry.to_bytes(), ex=self.ttl)
        except Exception:
            logger.warning("Page cache: Redis did not take a write", exc_info=True)


class NoStore:
    """``PAGE_CACHE = off``: nothing is kept (versions still give the JSON an ETag)."""

    def get(self, key: str) -> None:
        """Find nothing."""
        return None

    def set(self, key: str, entry: Entry) -> None:
        """Keep nothing."""
