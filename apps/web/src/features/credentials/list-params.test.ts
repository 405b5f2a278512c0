import { describe, expect, it } from "vitest";
import { defaultListView, listViewParams, readListView } from "./list-params.ts";

const read = (query: string) => readListView(new URLSearchParams(query));

describe("the APIs list's view in its address", () => {
  it("is the default view for a plain /apis, and a default view is a plain /apis", () => {
    expect(read("")).toEqual(defaultListView);
    expect(listViewParams(defaultListView).toString()).toBe("");
  });

  it("reads back what it writes, leaving defaults out", () => {
    const view = { search: "erp ", status: "disabled", sort: "lastUsedAt", order: "desc", page: 3 } as const;
    expect(listViewParams(view).toString()).toBe("search=erp+&status=disabled&sort=lastUsedAt&order=desc&page=3");
    expect(read(listViewParams(view).toString())).toEqual(view);
    expect(listViewParams({ ...defaultListView, status: "enabled" }).toString()).toBe("status=enabled");
  });

  it.each([
    ["status=paused", "status"],
    ["sort=password", "sort"],
    ["order=sideways", "order"],
    ["page=0", "page"],
    ["page=-2", "page"],
    ["page=2.5", "page"],
    ["page=0x10", "page"],
    ["page=", "page"],
    ["page=100001", "page"],
    [`search=${"a".repeat(21)}`, "search"],
    ["search=%00", "search"],
    ["search=erp%0A", "search"],
  ] as const)("falls back to the default for %s", (query, field) => {
    expect(read(query)[field]).toEqual(defaultListView[field]);
  });

  it("keeps the good values beside a wrong one", () => {
    expect(read("status=enabled&sort=nope&page=2")).toEqual({ ...defaultListView, status: "enabled", page: 2 });
  });
});
