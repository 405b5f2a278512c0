import type { Permission } from "@gatehouse/shared";
import { Link, NavLink, Outlet } from "react-router";
import { Brand } from "@/components/ui/brand.tsx";
import { ChangePasswordButton } from "@/features/auth/components/change-password-dialog.tsx";
import { SignOutButton } from "@/features/auth/components/sign-out-button.tsx";
import { paths } from "@/lib/paths.ts";
import { useCan, useSession } from "@/lib/session.ts";
import { CloseDrawer, NavDrawer } from "./nav-drawer.tsx";

const navigation: { to: string; label: string; permission: Permission }[] = [
  { to: paths.apis, label: "APIs", permission: "credentials.read" },
  { to: paths.activity, label: "Activity", permission: "history.read" },
  { to: paths.users, label: "Users", permission: "users.manage" },
  { to: paths.auditLog, label: "Audit log", permission: "audit.read" },
  { to: paths.notifications, label: "Settings", permission: "webhooks.manage" },
];

type Navigate = { onNavigate?: () => void };

/** The pages this admin may open; NavLink marks the current one with aria-current="page". */
function MainNav({ onNavigate }: Navigate) {
  const session = useSession();
  return (
    <nav className="nav" aria-label="Main">
      {navigation
        .filter((item) => session.permissions.includes(item.permission))
        .map((item) => (
          <NavLink key={item.to} to={item.to} onClick={onNavigate}>
            {item.label}
          </NavLink>
        ))}
    </nav>
  );
}

/**
 * Where APIs live in a store's admin, as the guide says it ("System → Users → APIs"). "Users" leads
 * to the admin users for whoever may manage them, so the words point where they say.
 */
function Tagline({ onNavigate }: Navigate) {
  const canManageUsers = useCan("users.manage");
  return (
    <>
      System <span aria-hidden="true">→</span>{" "}
      {canManageUsers ? (
        <Link to={paths.users} onClick={onNavigate}>
          Users
        </Link>
      ) : (
        "Users"
      )}{" "}
      <span aria-hidden="true">→</span> APIs
    </>
  );
}

function SignedInAs() {
  const { user } = useSession();
  return (
    <span className="who">
      Signed in as <strong>{user.username}</strong> <span className="badge accent">{user.role}</span>
    </span>
  );
}

export function AppShell() {
  return (
    <div className="shell">
      {/* The first stop of the keyboard: past the navigation, straight to the page. */}
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <aside className="sidebar">
        <Brand subtitle={<Tagline />} />
        <MainNav />
        <div className="sidebar-foot">
          <NavLink to={paths.apiReference}>API reference</NavLink>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <NavDrawer>
            {(close) => (
              <>
                <div className="drawer-head">
                  <Brand subtitle={<Tagline onNavigate={close} />} />
                  <CloseDrawer />
                </div>
                <MainNav onNavigate={close} />
                <NavLink className="drawer-link" to={paths.apiReference} onClick={close}>
                  API reference
                </NavLink>
                <div className="drawer-foot">
                  <SignedInAs />
                  <ChangePasswordButton className="button" />
                  <SignOutButton className="button" />
                </div>
              </>
            )}
          </NavDrawer>
          <span className="topbar-brand">
            <img src="/favicon.svg" alt="" />
            Gatehouse
          </span>
          <SignedInAs />
          <ChangePasswordButton className="button small ghost change-password" />
          <SignOutButton className="button small sign-out" />
        </header>
        <main className="content" id="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
