import type { AdminRole } from "@gatehouse/shared";

export type AdminUserRow = {
  id: string;
  username: string;
  passwordHash: string;
  role: AdminRole;
  status: "enabled" | "disabled";
  /** Set when failed sign-ins from many addresses lock the account; an owner can lift it. */
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
};

export type AdminUserChange = Partial<Pick<AdminUserRow, "role" | "status" | "passwordHash" | "lockedUntil" | "updatedAt">>;

/** A session as stored: the token itself is never kept, only its SHA-256. */
export type AdminSessionRow = {
  tokenHash: string;
  userId: string;
  ip: string;
  userAgent: string;
  createdAt: number;
  lastSeenAt: number;
};

/** Admin accounts, their sessions, and the folding of failed sign-ins into one audit row. */
export type AdminRepository = {
  count(): Promise<number>;
  /** Every admin, by username ignoring case. */
  list(): Promise<AdminUserRow[]>;
  byId(id: string): Promise<AdminUserRow | undefined>;
  /** Usernames are unique ignoring case, so this finds "Olivia" for "olivia". */
  byUsername(username: string): Promise<AdminUserRow | undefined>;
  /** Adds an admin; undefined, with nothing written, when the username is taken (ignoring case). */
  insert(row: AdminUserRow): Promise<AdminUserRow | undefined>;
  /** The admin as changed, or undefined when there is no such id. */
  update(id: string, change: AdminUserChange): Promise<AdminUserRow | undefined>;
  /** False when there was no such admin. Their sessions go with them. */
  delete(id: string): Promise<boolean>;
  /** Enabled owners other than `id`: the "last owner" rules ask this before taking one away. */
  enabledOwnersBesides(id: string): Promise<number>;

  startSession(session: AdminSessionRow): Promise<void>;
  /** The session with that token hash and its admin, ended or not (the caller decides). */
  session(tokenHash: string): Promise<{ session: AdminSessionRow; user: AdminUserRow } | undefined>;
  touchSession(tokenHash: string, at: number): Promise<void>;
  endSession(tokenHash: string): Promise<void>;
  endSessionsOf(userId: string): Promise<void>;
  /** Removes sessions idle since before `idleBefore` or started before `startedBefore`; how many. */
  pruneSessions(idleBefore: number, startedBefore: number): Promise<number>;

  /** Adds one more failed sign-in to the audit row `auditId`; false when the row is gone (pruned). */
  foldAttempt(auditId: number, at: number): Promise<boolean>;
};
