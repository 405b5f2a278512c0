import { describe, expect, it } from "vitest";
import { queryParams } from "./query-params.ts";

describe("queryParams", () => {
  it("keeps set filters as strings and leaves out unset and empty ones", () => {
    expect(queryParams({ search: "", status: undefined, sort: "username", page: 2, pageSize: 25, deleted: false })).toEqual({
      sort: "username",
      page: "2",
      pageSize: "25",
      deleted: "false",
    });
  });
});
