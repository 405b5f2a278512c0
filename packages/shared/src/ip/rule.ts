export type IpRule =
  | { kind: "any"; text: "*" }
  | { kind: "address"; family: 4 | 6; text: string }
  | { kind: "cidr"; family: 4 | 6; text: string }
  | { kind: "wildcard"; family: 4; text: string };

export type ParsedIpRule = { ok: true; rule: IpRule } | { ok: false; error: string };

export function ruleError(error: string): ParsedIpRule {
  return { ok: false, error };
}
