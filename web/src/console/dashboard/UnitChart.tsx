import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChildRow } from './DashboardPage';

// Only what this chart draws, so that the chunk stays small.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Open and overdue cases per child unit; clicking a bar drills down like clicking the row. */
export default function UnitChart({ rows, onPick }: { rows: ChildRow[]; onPick: (code: string) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
    };
  }, []);

  useEffect(() => {
    const c = chart.current!;
    // The busiest units first, at most 15 bars.
    const top = [...rows].sort((a, b) => b.casesOpen + b.casesClosed - (a.casesOpen + a.casesClosed)).slice(0, 15);
    c.off('click');
    c.on('click', (p) => {
      const row = top[p.dataIndex];
      if (row && row.unit.level !== 'GRID') pick.current(row.unit.code);
    });
    c.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { data: ['在办', '超期', '已结案'], top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 56 },
        xAxis: { type: 'category', data: top.map((r) => r.unit.name), axisLabel: { interval: 0, rotate: top.length > 6 ? 30 : 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: '在办', type: 'bar', data: top.map((r) => r.casesOpen), itemStyle: { color: '#1f5fbf' } },
          { name: '超期', type: 'bar', data: top.map((r) => r.casesOverdue), itemStyle: { color: '#cf1322' } },
          { name: '已结案', type: 'bar', data: top.map((r) => r.casesClosed), itemStyle: { color: '#52c41a' } },
        ],
      },
      true,
    );
  }, [rows]);

  return <div ref={el} style={{ height: 240, width: '100%' }} data-testid="unit-chart" role="img" aria-label="下级单位案件图表" />;
}
