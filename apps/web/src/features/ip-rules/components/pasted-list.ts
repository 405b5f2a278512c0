import { MAX_IP_NOTE_LENGTH } from "@gatehouse/shared";

/** An address, range or wildcard as typed, before it is checked: what a list item starts with. */
const addressLike = /^(?=\S*[0-9:*])[0-9A-Fa-f.:*/[\]]+(%\S+)?$/;

/**
 * A line that is a comma- or semicolon-separated list (`10.0.0.0/8, 192.168.0.0/16`, as copied
 * from a firewall or a spreadsheet): every piece is an address-like word, the last one alone
 * may have a note. Otherwise the line is one entry, and its commas are the note's
 * ("203.0.113.10 office, 2nd floor", "203.0.113.10 rack, 12").
 */
function piecesOf(line: string): string[] {
  const pieces = line
    .split(/[,;]/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== "");
  if (pieces.length <= 1) return pieces;
  const last = pieces.length - 1;
  const listed = pieces.every((piece, index) => (index === last ? addressLike.test(piece.split(/[\s#]/)[0] ?? "") : addressLike.test(piece)));
  return listed ? pieces : [line];
}

/** A note cut to the length the server allows, counted as it counts: whole characters, never half an emoji. */
export const cutNote = (note: string) => (note.length <= MAX_IP_NOTE_LENGTH ? note : Array.from(note).slice(0, MAX_IP_NOTE_LENGTH).join(""));

/** The note's length as the server counts it. */
export const noteLength = (note: string) => (note.length <= MAX_IP_NOTE_LENGTH ? note.length : Array.from(note).length);

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
      return { entry: match?.[1] ?? piece, note: cutNote((match?.[2] ?? "").trim()) };
    });
}
