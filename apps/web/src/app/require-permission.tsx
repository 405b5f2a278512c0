import type { Permission } from "@gatehouse/shared";
import { permissionDenied } from "@gatehouse/shared";
import type { ReactNode } from "react";
import { useCan } from "@/lib/session.ts";

/** A page the role may not see says so, instead of failing half-way. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const allowed = useCan(permission);
  if (allowed) return children;
  return (
    <div className="centered-page">
      <div>
        <h1>Not available for your role</h1>
        <p>{permissionDenied[permission]}. Ask an owner if you need it.</p>
      </div>
    </div>
  );
}
