import { apiOutcomes, type ChartRange, type HistoryChart as Chart } from "@gatehouse/shared";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { outcomeColors, outcomeLabels } from "./outcomes.ts";

const tick = (range: ChartRange) =>
  new Intl.DateTimeFormat(
    undefined,
    range === "24h" ? { hour: "2-digit", minute: "2-digit" } : range === "7d" ? { weekday: "short", hour: "2-digit" } : { month: "short", day: "numeric" },
  );

// Legend text in the text colour, not the bar's: yellow text on white was unreadable (1.7:1).
const legendLabel = (label: string) => <span className="chart-legend-label">{label}</span>;

/** Calls over time, stacked by outcome. Loaded on demand: the chart library is the app's biggest. */
export function HistoryChart({ chart }: { chart: Chart }) {
  const format = tick(chart.range);
  const data = chart.buckets.map((bucket) => ({ at: format.format(new Date(bucket.at)), ...bucket.counts }));
  const present = apiOutcomes.filter((outcome) => chart.buckets.some((bucket) => (bucket.counts[outcome] ?? 0) > 0));
  return (
    <div className="chart" role="img" aria-label={`Calls over the last ${chart.range} by outcome`}>
      <ResponsiveContainer width="100%" height={220}>
        {/* Room on the right for half of the last time label: with 8 px it was pushed against the edge and cut. */}
        {/* No keyboard layer: the chart is one image to assistive technology (its label above), and
            its tab stops (the svg and each bar group, with no name) led nowhere (a review's find). */}
        <BarChart data={data} margin={{ top: 8, right: 36, left: 0, bottom: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {/* Every nth bucket, counted back from the newest: preserveStartEnd forced the last label in, so
              the axis jumped 07:00 → 10:00 at its right edge (a review's find). */}
          <XAxis dataKey="at" tick={{ fontSize: 11 }} interval="equidistantPreserveEnd" minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={48} />
          <Tooltip />
          <Legend formatter={legendLabel} />
          {present.map((outcome) => (
            <Bar key={outcome} dataKey={outcome} name={outcomeLabels[outcome]} stackId="calls" fill={outcomeColors[outcome]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      {present.length === 0 ? <p className="hint chart-empty">No calls in this period.</p> : null}
    </div>
  );
}
