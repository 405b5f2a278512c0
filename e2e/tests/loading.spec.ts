import { asRole, expect, test } from "../fixtures.ts";

asRole("owner");

// The route's loader starts the page's data while its code downloads. The code is slowed here so
// the order is unambiguous: without the loader, the data request waited for the code to run.
test("opening an API's page requests its data in parallel with the page's code", async ({ page }) => {
  await page.goto("/apis");
  const created = await page.request.post("/api/admin/credentials", {
    data: { username: `parallel-${Date.now() % 100000}`, scopes: [], allowedIps: [] },
    headers: { Origin: new URL(page.url()).origin },
  });
  const { credential } = (await created.json()) as { credential: { id: string; username: string } };
  const events: string[] = [];
  await page.route("**/assets/credential-page-*.js", async (route) => {
    events.push("code requested");
    await new Promise((resolve) => setTimeout(resolve, 600));
    events.push("code delivered");
    await route.continue();
  });
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === `/api/admin/credentials/${credential.id}`) events.push("data requested");
  });
  await page.goto(`/apis/${credential.id}`);
  await expect(page.getByLabel("API Username")).toHaveValue(credential.username);
  expect(events.indexOf("data requested"), events.join(" → ")).toBeGreaterThanOrEqual(0);
  expect(events.indexOf("data requested"), events.join(" → ")).toBeLessThan(events.indexOf("code delivered"));
});
