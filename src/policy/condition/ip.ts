/** IpAddress and NotIpAddress: IPv4 and IPv6 addresses and CIDR ranges. */
import ipaddr from 'ipaddr.js';
import { anyOf, never, staticMatcher, type ValueMatcher } from './predicate.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** An address or CIDR as AWS accepts it (a bare address is a /32 or /128). */
export function parseRange(s: string): Range | undefined {
  const t = s.trim();
  try {
    if (t.includes('/')) return normalize(ipaddr.parseCIDR(t));
    const a = ipaddr.parse(t);
    return normalize([a, a.kind() === 'ipv4' ? 32 : 128]);
  } catch {
    return undefined;
  }
}

function normalize([addr, bits]: Range): Range {
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [addr, bits];
}

export function parseAddress(s: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    const a = ipaddr.parse(s.trim());
    return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
  } catch {
    return undefined;
  }
}

export function compileIp(values: string[]): ValueMatcher {
  const ranges = values.map(parseRange).filter((r): r is Range => r !== undefined);
  if (ranges.length === 0) return staticMatcher(never);
  return staticMatcher(
    anyOf(
      ranges.map(([net, bits]) => (c: string) => {
        const a = parseAddress(c);
        return a !== undefined && a.kind() === net.kind() && a.match(net, bits);
      }),
    ),
  );
}
