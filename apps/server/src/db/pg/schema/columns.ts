import { customType } from "drizzle-orm/pg-core";

/**
 * A real `timestamptz` in PostgreSQL (partitions, psql and pg_dump read it as a time), seen by
 * the code as epoch milliseconds like SQLite's integer column: the domain has one notion of time.
 */
export const timestamp = customType<{ data: number; driverData: string | Date }>({
  dataType: () => "timestamp(3) with time zone",
  toDriver: (ms) => new Date(ms).toISOString(),
  fromDriver: (value) => (value instanceof Date ? value.getTime() : Date.parse(value)),
});

export const timestamps = {
  createdAt: timestamp("created_at").notNull(),
  updatedAt: timestamp("updated_at").notNull(),
};
