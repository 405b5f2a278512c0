import { MAX_IP_NOTE_LENGTH } from "@gatehouse/shared";

/** An address, range or wildcard as typed, before it is checked: what a list item starts with. */
const addressLike = /^(?=\S*[0-9:*])[0-9A-Fa-f.:*/[\]]+(%\S+)?$/;

/**
 * A line that is a comma- or semicolon-separated list (`10.0.0.0/8, 192.168.0.0/16`, as copied
 * from a firewall or a spreadsheet): every piece starts with something address-like. Otherwise
 * the line is one entry, and its commas are the note's ("203.0.113.10 office, 2nd floor").
 */
function piecesOf(line: string): string[] {
  const pieces = line.split(/[,;]/).map((piece) => piece.trim());
  if (pieces.length === 1) return pieces;
  const listed = pieces.filter((piece) => piece !== "");
  return listed.every((piece) => addressLike.test(piece.split(/[\s#]/)[0] ?? "")) ? listed : [line];
}

/**
 * One entry per line, or several on a line separated by commas or semicolons; text after the
 * address (after a space or #) becomes its note, up to a note's length.
 */
export function parsePastedList(text: string) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .flatMap(piecesOf)
    .map((piece) => {
      const match = /^(\S+)\s*(?:#\s*)?(.*)$/.exec(piece);
      // A longer note is cut as the note field cuts a typed one, which then says so.
      return { entry: match?.[1] ?? piece, note: (match?.[2] ?? "").trim().slice(0, MAX_IP_NOTE_LENGTH) };
    });
}
