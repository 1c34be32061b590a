import { BlockList, isIP } from 'node:net'

// Addresses an ente's URL must never reach: everything that is not the public internet.
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are matched against the IPv4 ranges by BlockList itself.
const FORBIDDEN_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (also cloud metadata such as 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4] // reserved, includes broadcast 255.255.255.255
]

const FORBIDDEN_V6: Array<[string, number]> = [
  ['::', 96], // unspecified, loopback ::1 and IPv4-compatible ::a.b.c.d
  ['::ffff:0:0:0', 96], // IPv4-translated
  ['64:ff9b::', 96], // NAT64: would reach any IPv4 address, private ones included
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['3fff::', 20], // documentation
  ['fc00::', 7], // unique local, includes the metadata address fd00:ec2::254
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8] // multicast
]

function forbiddenList (): BlockList {
  const list = new BlockList()
  for (const [network, prefix] of FORBIDDEN_V4) list.addSubnet(network, prefix, 'ipv4')
  for (const [network, prefix] of FORBIDDEN_V6) list.addSubnet(network, prefix, 'ipv6')
  return list
}

const FORBIDDEN = forbiddenList()

/** An IP literal without brackets or IPv6 zone (`[fe80::1%eth0]` → `fe80::1`), or undefined if not an IP. */
export function ipLiteral (host: string): string | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  const withoutZone = bare.split('%')[0] ?? bare
  return isIP(withoutZone) === 0 ? undefined : withoutZone
}

export function familyOf (address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4'
}

/** True for loopback, private, link-local, CGNAT, multicast, unspecified, ULA, metadata, mapped forms of those, etc. */
export function isForbiddenAddress (address: string): boolean {
  const ip = ipLiteral(address)
  if (ip === undefined) return true
  return FORBIDDEN.check(ip, familyOf(ip))
}
