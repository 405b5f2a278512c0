import { describe, expect, it } from "vitest";
import { type IpRule, normalizeAddress, parseIpRule } from "../src/ip/index.ts";

const accepted: [input: string, rule: IpRule][] = [
  ["203.0.113.7", { kind: "address", family: 4, text: "203.0.113.7" }],
  ["0.0.0.0", { kind: "address", family: 4, text: "0.0.0.0" }],
  ["255.255.255.255", { kind: "address", family: 4, text: "255.255.255.255" }],
  ["  10.0.0.1\t", { kind: "address", family: 4, text: "10.0.0.1" }],
  ["2001:db8::1", { kind: "address", family: 6, text: "2001:db8::1" }],
  ["2001:DB8::1", { kind: "address", family: 6, text: "2001:db8::1" }],
  ["2001:0db8:0000:0000:0000:0000:0000:0001", { kind: "address", family: 6, text: "2001:db8::1" }],
  ["2001:db8:0:0:1:0:0:1", { kind: "address", family: 6, text: "2001:db8::1:0:0:1" }],
  ["2001:db8:0:1:1:1:1:1", { kind: "address", family: 6, text: "2001:db8:0:1:1:1:1:1" }],
  ["::", { kind: "address", family: 6, text: "::" }],
  ["::1", { kind: "address", family: 6, text: "::1" }],
  ["::ffff:1.2.3.4", { kind: "address", family: 4, text: "1.2.3.4" }],
  ["::FFFF:1.2.3.4", { kind: "address", family: 4, text: "1.2.3.4" }],
  ["::ffff:102:304", { kind: "address", family: 4, text: "1.2.3.4" }],
  ["0:0:0:0:0:ffff:0102:0304", { kind: "address", family: 4, text: "1.2.3.4" }],
  ["64:ff9b::1.2.3.4", { kind: "address", family: 6, text: "64:ff9b::102:304" }],
  // IPv4-compatible, not IPv4-mapped: it stays an IPv6 address.
  ["::1.2.3.4", { kind: "address", family: 6, text: "::102:304" }],
  ["10.0.0.0/8", { kind: "cidr", family: 4, text: "10.0.0.0/8" }],
  ["0.0.0.0/0", { kind: "cidr", family: 4, text: "0.0.0.0/0" }],
  ["192.0.2.7/32", { kind: "cidr", family: 4, text: "192.0.2.7/32" }],
  ["2001:db8::/32", { kind: "cidr", family: 6, text: "2001:db8::/32" }],
  ["2001:DB8:0000::/48", { kind: "cidr", family: 6, text: "2001:db8::/48" }],
  ["::/0", { kind: "cidr", family: 6, text: "::/0" }],
  ["::ffff:10.0.0.0/104", { kind: "cidr", family: 4, text: "10.0.0.0/8" }],
  ["::ffff:0:0/96", { kind: "cidr", family: 4, text: "0.0.0.0/0" }],
  ["::ffff:1.2.3.4/128", { kind: "cidr", family: 4, text: "1.2.3.4/32" }],
  ["203.0.113.*", { kind: "wildcard", family: 4, text: "203.0.113.*" }],
  ["10.1.*.*", { kind: "wildcard", family: 4, text: "10.1.*.*" }],
  ["10.*.*.*", { kind: "wildcard", family: 4, text: "10.*.*.*" }],
  ["*", { kind: "any", text: "*" }],
  [" * ", { kind: "any", text: "*" }],
  // A zone id names an interface of one machine: the address is the same without it.
  ["fe80::1%eth0", { kind: "address", family: 6, text: "fe80::1" }],
  ["FE80::1%12", { kind: "address", family: 6, text: "fe80::1" }],
  ["fe80::%eth0/64", { kind: "cidr", family: 6, text: "fe80::/64" }],
];

// Each rejected entry, with words its message must contain to say what is wrong.
const rejected: [input: string, says: RegExp][] = [
  ["", /^Enter an IP address, a range or \*$/],
  ["   ", /^Enter an IP address, a range or \*$/],
  ["abc", /^"abc" is not an IP address, a CIDR range or a wildcard$/],
  ["example.com", /is not an IP address/],
  ["0177.0.0.1", /leading zero in "0177".*octal/],
  ["10.0.0.01", /leading zero in "01"/],
  ["127.1", /shortened address; write all four parts/],
  ["10.1.2", /shortened address/],
  ["2130706433", /written as one number/],
  ["0x7f.0.0.1", /hexadecimal/],
  ["0X7F000001", /hexadecimal/],
  ["256.1.1.1", /"256".*0 to 255/],
  ["1.2.3.4.5", /5 parts.*exactly four/],
  ["1..2.3", /empty part/],
  ["1.2.3.4.", /empty part/],
  ["fe80::1%", /zone id/],
  ["fe80::1%eth 0", /zone id/],
  ["fe80::1%eth0%eth1", /zone id/],
  ["192.0.2.1%eth0", /zone id/],
  ["fe80::/64%eth0", /prefix length that is not a number/],
  ["[2001:db8::1]", /square brackets/],
  ["1.2.3.4:8080", /port.*":8080"/],
  ["2001:db8::g", /not a valid IPv6 address/],
  ["1:2:3:4:5:6:7:8:9", /not a valid IPv6 address/],
  ["2001:db8:::1", /not a valid IPv6 address/],
  ["::ffff:01.2.3.4", /IPv4 part has a leading zero/],
  ["::ffff:1.2.3.400", /IPv4 part has "400"/],
  ["1.2.3.4/33", /\/33.*IPv4 ranges go from \/0 to \/32/],
  ["2001:db8::/129", /\/129.*IPv6 ranges go from \/0 to \/128/],
  ["1.2.3.0/x", /prefix length that is not a number/],
  ["1.2.3.0/-1", /prefix length that is not a number/],
  ["10.0.0.0/08", /leading zero in the prefix length; write \/8/],
  ["10.0.0.0/", /missing the prefix length/],
  ["/8", /missing the address/],
  ["10.0.0.0/8/8", /is not an IP address/],
  ["10.0.0.5/24", /not the start of a range; did you mean 10\.0\.0\.0\/24\?.*enter 10\.0\.0\.5/],
  ["2001:db8::1/32", /did you mean 2001:db8::\/32\?/],
  ["::ffff:10.0.0.5/104", /did you mean 10\.0\.0\.0\/8\?/],
  ["0177.0.0.0/8", /leading zero in "0177"/],
  ["10.*.1.1", /only the last parts can be \*/],
  ["10.*.*.1", /only the last parts can be \*/],
  ["*.1.2.3", /only the last parts can be \*/],
  ["1*.2.3.4", /must replace a whole part/],
  ["10.1.2*.*", /must replace a whole part/],
  ["*.*.*.*", /use \* on its own to allow any address/],
  ["10.*", /needs all four parts/],
  ["10.1.*.*/16", /use one or the other/],
  ["2001:db8::*", /only works for IPv4/],
  ["010.*.*.*", /leading zero in "010"/],
  ["300.*.*.*", /"300".*0 to 255/],
  ["**", /must replace a whole part/],
  ["1".repeat(500), /too long/],
];

describe("parseIpRule", () => {
  it.each(accepted)("accepts %j", (input, rule) => {
    expect(parseIpRule(input)).toEqual({ ok: true, rule });
  });

  it.each(rejected)("rejects %j", (input, says) => {
    const parsed = parseIpRule(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(says);
  });

  it("quotes the entry (trimmed) in its messages", () => {
    expect(parseIpRule(" 127.1 ")).toEqual({ ok: false, error: expect.stringMatching(/^"127\.1" /) });
  });

  it("normalises its own output to itself", () => {
    for (const [, rule] of accepted) expect(parseIpRule(rule.text)).toEqual({ ok: true, rule });
  });
});

describe("normalizeAddress", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::FFFF:c000:201", "192.0.2.1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["::1", "::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["FE80::A%12", "fe80::a"],
    ["::ffff:192.0.2.1%eth0", "192.0.2.1"],
  ])("normalises %j to %j", (input, expected) => {
    expect(normalizeAddress(input)).toBe(expected);
  });

  it.each([
    "",
    " 192.0.2.1",
    "192.0.2.1:443",
    "[::1]",
    "fe80::1%",
    "fe80::1%eth0%eth1",
    "192.0.2.1%eth0",
    `fe80::1%${"e".repeat(33)}`,
    "0177.0.0.1",
    "127.1",
    "2130706433",
    "0x7f.0.0.1",
    "10.0.0.0/8",
    "*",
    "unknown",
    "::ffff:01.2.3.4",
  ])("rejects %j", (input) => {
    expect(normalizeAddress(input)).toBeNull();
  });
});
