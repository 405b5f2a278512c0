import { createHmac, type KeyObject, timingSafeEqual, verify } from "node:crypto";
import { type InnerList, type Item, type Parameters, parseDictionary, serializeInnerList } from "structured-headers";

/**
 * The narrow part of RFC 9421 (HTTP Message Signatures) that Gatehouse verifies: derived
 * components @method, @authority, @path, @query and @target-uri, plain header fields, and the
 * hmac-sha256 and ed25519 algorithms. Structured fields are parsed and serialised by
 * `structured-headers` (RFC 9651), so `@signature-params` is the inner list exactly as RFC 9421
 * §2.3 serialises it.
 */
export type SignedMessage = {
  method: string;
  /** The full request URL as received (scheme, Host, raw path and query). */
  url: string;
  header: (name: string) => string | undefined;
};

export type MessageSignature = {
  label: string;
  components: string[];
  params: Parameters;
  input: InnerList;
  signature: Buffer;
};

export class SignatureFormatError extends Error {}

const derived = new Set(["@method", "@authority", "@path", "@query", "@target-uri"]);

/** Every signature of a message: Signature-Input's members with their Signature bytes. */
export function readSignatures(inputHeader: string, signatureHeader: string | undefined): MessageSignature[] {
  if (signatureHeader === undefined) throw new SignatureFormatError("Signature-Input was sent without a Signature header");
  let inputs;
  let signatures;
  try {
    inputs = parseDictionary(inputHeader);
    signatures = parseDictionary(signatureHeader);
  } catch {
    throw new SignatureFormatError("Signature-Input and Signature must be structured field dictionaries (RFC 9421 §4)");
  }
  return [...inputs].map(([label, member]) => {
    if (!Array.isArray(member[0])) throw new SignatureFormatError(`Signature-Input ${label} must be an inner list of components`);
    const input = member as InnerList;
    const components = input[0].map((item: Item) => {
      if (typeof item[0] !== "string" || item[1].size > 0) throw new SignatureFormatError("Covered components must be plain quoted names, without parameters");
      if (item[0].startsWith("@") ? !derived.has(item[0]) : item[0] !== item[0].toLowerCase() || item[0] === "")
        throw new SignatureFormatError(`Unsupported covered component "${item[0]}"`);
      return item[0];
    });
    if (new Set(components).size !== components.length) throw new SignatureFormatError("A component is covered twice");
    const signed = signatures.get(label);
    if (!signed || !(signed[0] instanceof ArrayBuffer)) throw new SignatureFormatError(`Signature has no byte sequence for ${label}`);
    return { label, components, params: input[1], input, signature: Buffer.from(signed[0]) };
  });
}

/** @authority, @path and @query of a URL as sent: host lower-cased, default port dropped, path and query raw. */
export function urlParts(url: string) {
  const schemeEnd = url.indexOf("://");
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  const pathStart = url.indexOf("/", schemeEnd + 3);
  const hostEnd = pathStart === -1 ? url.length : pathStart;
  let authority = url.slice(schemeEnd + 3, hostEnd).toLowerCase();
  if ((scheme === "http" && authority.endsWith(":80")) || (scheme === "https" && authority.endsWith(":443")))
    authority = authority.slice(0, authority.lastIndexOf(":"));
  const rest = pathStart === -1 ? "/" : (url.slice(pathStart).split("#")[0] ?? "/");
  const queryStart = rest.indexOf("?");
  return {
    scheme,
    authority,
    path: queryStart === -1 ? rest : rest.slice(0, queryStart),
    query: queryStart === -1 ? "?" : rest.slice(queryStart),
  };
}

/** The signature base (RFC 9421 §2.5); a covered header the message lacks makes it fail. */
export function signatureBase(message: SignedMessage, signature: Pick<MessageSignature, "components" | "input">): string {
  const url = urlParts(message.url);
  const lines = signature.components.map((name) => {
    const value =
      name === "@method"
        ? message.method.toUpperCase()
        : name === "@authority"
          ? url.authority
          : name === "@path"
            ? url.path
            : name === "@query"
              ? url.query
              : name === "@target-uri"
                ? `${url.scheme}://${url.authority}${url.path}${url.query === "?" ? "" : url.query}`
                : message.header(name)?.trim();
    if (value === undefined) throw new SignatureFormatError(`The covered header "${name}" is not in the request`);
    return `"${name}": ${value}`;
  });
  lines.push(`"@signature-params": ${serializeInnerList(signature.input)}`);
  return lines.join("\n");
}

/** Checks a signature over `base` with a secret (hmac-sha256) or an Ed25519 public key. */
export function verifySignatureBytes(alg: "hmac-sha256" | "ed25519", key: KeyObject, base: string, signature: Buffer): boolean {
  if (alg === "hmac-sha256") {
    const expected = createHmac("sha256", key).update(base).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  return signature.length === 64 && verify(null, Buffer.from(base), key, signature);
}

/**
 * Ed25519 verification on libuv's thread pool (about 230 µs of a core each on the reference
 * machine): the event loop goes on answering while another core checks. Never rejects.
 */
export function verifyEd25519Async(key: KeyObject, base: string, signature: Buffer): Promise<boolean> {
  if (signature.length !== 64) return Promise.resolve(false);
  return new Promise((resolve) => verify(null, Buffer.from(base), key, signature, (error, ok) => resolve(!error && ok)));
}
