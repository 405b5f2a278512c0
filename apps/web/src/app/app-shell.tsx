import type { Permission } from "@gatehouse/shared";
import { NavLink, Outlet } from "react-router";
import { Brand } from "@/components/ui/brand.tsx";
import { useSignOut } from "@/features/auth/api/sign-out.ts";
import { paths } from "@/lib/paths.ts";
import { useSession } from "@/lib/session.ts";

const navigation: { to: string; label: string; permission: Permission }[] = [
  { to: paths.apis, label: "APIs", permission: "credentials.read" },
  { to: paths.activity, label: "Activity", permission: "history.read" },
  { to: paths.users, label: "Users", permission: "users.manage" },
  { to: paths.auditLog, label: "Audit log", permission: "audit.read" },
];

export function AppShell() {
  const session = useSession();
  const signOut = useSignOut();
  return (
    <div className="shell">
      <aside className="sidebar">
        <Brand />
        <nav className="nav" aria-label="Main">
          {navigation
            .filter((item) => session.permissions.includes(item.permission))
            .map((item) => (
              <NavLink key={item.to} to={item.to}>
                {item.label}
              </NavLink>
            ))}
        </nav>
        <div className="sidebar-foot">
          <NavLink to={paths.apiReference}>API reference</NavLink>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <span className="who">
            Signed in as <strong>{session.user.username}</strong> <span className="badge accent">{session.user.role}</span>
          </span>
          <button type="button" className="button small" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </header>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
