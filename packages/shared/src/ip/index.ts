export { type IpMatcher, compileIpMatcher } from "./matcher.ts";
export { type IpCoverage, allowsEveryone, ipCoverage, openFamilies } from "./coverage.ts";
export { addressFilterProblem, anyAddressOf, anyAddressWritten, ipv6NetworkAddress, isAnyAddress } from "./filter.ts";
export { overlapHints } from "./hints.ts";
export { type IpRule, type ParsedIpRule, normalizeAddress, parseIpRule } from "./parse.ts";
export { isPrivateAddress } from "./private.ts";
export { repeatedEntries, repeatedRules, sameRuleIn } from "./repeats.ts";
export { type AddressTraffic, type IpSuggestion, RANGE_MIN_ADDRESSES, suggestAllowedIps, wouldBeRefused } from "./suggest.ts";
