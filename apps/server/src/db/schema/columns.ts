import { integer } from "drizzle-orm/sqlite-core";

/** Epoch milliseconds; the API turns them into ISO 8601 strings. */
export const timestamp = (name: string) => integer(name);

export const timestamps = {
  createdAt: timestamp("created_at").notNull(),
  updatedAt: timestamp("updated_at").notNull(),
};
