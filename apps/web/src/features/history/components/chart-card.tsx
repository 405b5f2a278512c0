import type { ChartRange } from "@gatehouse/shared";
import { lazy, Suspense, useState } from "react";
import { Loading } from "@/components/ui/loading.tsx";
import { useChart } from "../api/get-chart.ts";

const HistoryChart = lazy(() => import("./history-chart.tsx").then((module) => ({ default: module.HistoryChart })));
const ranges: { value: ChartRange; label: string }[] = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

export function ChartCard({ credentialId }: { credentialId?: string }) {
  const [range, setRange] = useState<ChartRange>("24h");
  const chart = useChart(range, credentialId);
  return (
    <section className="card chart-card" aria-labelledby="chart-title">
      <div className="card-body">
        <div className="chart-header">
          <h2 id="chart-title">Calls over time</h2>
          <div className="segmented" role="group" aria-label="Period">
            {ranges.map((option) => (
              <button key={option.value} type="button" aria-pressed={range === option.value} onClick={() => setRange(option.value)}>
                {option.label}
              </button>
            ))}
          </div>
        </div>
        {chart.data ? (
          <Suspense fallback={<Loading label="Loading chart…" />}>
            <HistoryChart chart={chart.data} />
          </Suspense>
        ) : chart.isError ? (
          <div className="banner danger">{chart.error.message}</div>
        ) : (
          <Loading />
        )}
      </div>
    </section>
  );
}
