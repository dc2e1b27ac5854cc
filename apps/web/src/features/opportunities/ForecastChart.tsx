import { useEffect, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only the pieces this chart needs (tree-shaken); the module loads with the forecast page alone.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartSeries { name: string; values: number[] }

const yuan = (v: number) => `¥${v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Stacked bars per month, one series per person or department (ECharts, SVG renderer). */
export default function ForecastChart({ months, series }: { months: string[]; series: ChartSeries[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const c = init(box.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => yuan(Number(v)) },
        legend: { type: 'scroll', bottom: 0 },
        grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => (v >= 10_000 ? `${v / 10_000}万` : String(v)) } },
        series: series.map((s) => ({ name: s.name, type: 'bar', stack: 'total', data: s.values.map((v) => Math.max(0, v)) })),
      },
      true,
    );
  }, [months, series]);

  return <div ref={box} data-testid="forecast-chart" style={{ width: '100%', height: 300 }} />;
}
