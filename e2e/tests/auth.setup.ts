import { test as setup } from "@playwright/test";
import { accounts, SignInScreen, storageState } from "../fixtures.ts";

// Signs in once per role and saves the session for the tests; the owner also adds the editor and viewer.
setup("sign in as each role", async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  const screen = new SignInScreen(ownerPage);
  await screen.goto();
  await screen.signIn(accounts.owner.username, accounts.owner.password);
  await ownerPage.getByRole("navigation", { name: "Main" }).waitFor();
  for (const role of ["editor", "viewer"] as const) {
    const res = await ownerPage.request.post("/api/admin/users", {
      data: { username: accounts[role].username, role, password: accounts[role].password },
      headers: { Origin: new URL(ownerPage.url()).origin },
    });
    if (!res.ok() && res.status() !== 400) throw new Error(`Could not add the ${role}: ${res.status()}`);
  }
  await ownerContext.storageState({ path: storageState("owner") });
  await ownerContext.close();

  for (const role of ["editor", "viewer"] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const roleScreen = new SignInScreen(page);
    await roleScreen.goto();
    await roleScreen.signIn(accounts[role].username, accounts[role].password);
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await context.storageState({ path: storageState(role) });
    await context.close();
  }
});
