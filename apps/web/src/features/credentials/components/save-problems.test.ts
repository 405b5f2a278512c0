import { describe, expect, it } from "vitest";
import { errorsOf, formFieldOf, isFormField, problemsOf } from "./save-problems.ts";

describe("the problems a failed save lists", () => {
  it("puts General's first, in screen order, then the IP rows', each with its tab", () => {
    const problems = problemsOf(
      errorsOf([
        ["allowedIps.2.entry", "Not an address"],
        ["rateLimit", "Rate limit must be a whole number"],
        ["username", "This API Username is already taken"],
        ["allowedIps.0.note", "Too long"],
      ]),
    );
    expect(problems.map((problem) => [problem.tab, problem.label])).toEqual([
      ["general", "API Username"],
      ["general", "Rate limit"],
      ["ip", "Note for IP address 1"],
      ["ip", "IP address 3"],
    ]);
  });

  it("names the whole list when the server refuses its size", () => {
    expect(problemsOf(errorsOf([["allowedIps", "At most 500"]]))).toEqual([{ field: "allowedIps", label: "IP Addresses", message: "At most 500", tab: "ip" }]);
  });

  it("maps the server's field names onto the form's fields, and knows which it cannot show", () => {
    expect(formFieldOf("scopes.0")).toBe("scopes");
    expect(formFieldOf("allowedIps.4.entry")).toBe("allowedIps.4.entry");
    expect(isFormField("description")).toBe(true);
    expect(isFormField("body")).toBe(false);
  });
});
