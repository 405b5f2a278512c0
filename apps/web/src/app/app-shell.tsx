import { NavLink, Outlet } from "react-router";
import { paths } from "../lib/paths.ts";

const navigation = [
  { to: paths.apis, label: "APIs" },
  { to: paths.activity, label: "Activity" },
  { to: paths.users, label: "Users" },
  { to: paths.auditLog, label: "Audit log" },
];

export function AppShell() {
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <img src="/favicon.svg" alt="" />
          <div>
            Gatehouse
            <small>System → Users → APIs</small>
          </div>
        </div>
        <nav className="nav" aria-label="Main">
          {navigation.map((item) => (
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
        <header className="topbar" />
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
