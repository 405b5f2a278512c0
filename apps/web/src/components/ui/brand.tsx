import type { ReactNode } from "react";

export function Brand({ subtitle = "System → Users → APIs" }: { subtitle?: ReactNode }) {
  return (
    <div className="brand">
      <img src="/favicon.svg" alt="" />
      <div>
        Gatehouse
        <small>{subtitle}</small>
      </div>
    </div>
  );
}
