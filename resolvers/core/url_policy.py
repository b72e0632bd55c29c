"""Where callback URLs (status callbacks, voice/SMS/MMS webhooks) may point.

The gateway and its jobs call these URLs from inside the network, so a URL aimed at loopback,
private, link-local (cloud metadata at 169.254.169.254), multicast, reserved or otherwise
non-public addresses would let a client probe or attack internal services (SSRF). Such URLs are
refused unless the operator allows private targets (``GATEWAY_ALLOW_PRIVATE_WEBHOOKS=true``) or
lists the host (name, address or CIDR network) in ``GATEWAY_WEBHOOK_ALLOWED_HOSTS``.

At configuration time only what the URL itself says is classified: literal addresses (including
the legacy IPv4 spellings ``2130706433`` and ``0x7f.1`` that HTTP clients still accept, and
IPv4-mapped IPv6) and obviously internal names (``localhost``, ``*.localhost``, ``*.local``,
``*.internal``, ``*.home.arpa``, single-label names). A public-looking name can still resolve
to a private address: delivery must check the addresses it resolved with ``address_refusal``
before connecting.

The policy is always passed explicitly: the gateway builds it from its settings into the request
context (each use-case's ``Actor`` hands it to the validation) and into the job environment
(webhook delivery). ``STRICT`` is the default where nothing else is configured.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".localdomain")
INTERNAL_NAMES = frozenset({"localhost", "ip6-localhost", "ip6-loopback"})
LEGACY_IPV4 = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}$")
HOW_TO_ALLOW = (
    "callbacks must reach a public internet host (an operator can allow it with "
    "GATEWAY_ALLOW_PRIVATE_WEBHOOKS=true or GATEWAY_WEBHOOK_ALLOWED_HOSTS)"
)


@dataclass(frozen=True)
class UrlPolicy:
    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IpNetwork, ...] = ()

    @classmethod
    def from_settings(cls, allow_private: bool, allowed: Iterable[str]) -> UrlPolicy:
        hosts: set[str] = set()
        networks: list[IpNetwork] = []
        for entry in allowed:
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(_normal_host(entry))
        return cls(allow_private, frozenset(hosts), tuple(networks))

    def refusal(self, url: str) -> str | None:
        """Why ``url`` (an absolute http(s) URL) may not be called, or None."""
        if self.allow_private:
            return None
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return None  # malformed URLs are refused by the URL syntax rule
        if not host:
            return None
        host = _normal_host(host)
        if host in self.allowed_hosts:
            return None
        address = literal_address(host)
        if address is not None:
            if any(address in network for network in self.allowed_networks):
                return None
            return address_refusal(address)
        return name_refusal(host)

    def delivery_refusal(self, host: str, addresses: Iterable[str]) -> str | None:
        """At delivery: why none of a host's resolved ``addresses`` may be called, or None."""
        if self.allow_private or _normal_host(host) in self.allowed_hosts:
            return None
        for text in addresses:
            address = ipaddress.ip_address(text.split("%")[0])
            if any(address in network for network in self.allowed_networks):
                continue
            refusal = address_refusal(address)
            if refusal is not None:
                return f"{host} resolves to {refusal}"
        return None


STRICT = UrlPolicy()


def _normal_host(host: str) -> str:
    return host.strip().strip("[]").lower().rstrip(".")


def literal_address(host: str) -> IpAddress | None:
    """The address a host written as an IP literal means, as HTTP clients read it."""
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        pass
    if LEGACY_IPV4.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def address_refusal(address: IpAddress) -> str | None:
    """The rule a literal address breaks ("a loopback address (127.0.0.1)"), or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, broken in (
        ("an unspecified", address.is_unspecified),
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a multicast", address.is_multicast),
        ("a reserved", address.is_reserved),
        ("a private", address.is_private),
        ("a non-public", not address.is_global),
    ):
        if broken:
            return f"{kind} address ({address})"
    return None


def name_refusal(host: str) -> str | None:
    if host in INTERNAL_NAMES or host.endswith(INTERNAL_SUFFIXES):
        return f"an internal host name ({host})"
    if "." not in host:
        return f"a single-label host name ({host})"
    return None
