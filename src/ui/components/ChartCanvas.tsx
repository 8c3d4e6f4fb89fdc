/**
 * @module One Chart.js chart bound to a frame signal: created once on mount, then updated in
 * place (labels and data arrays replaced, datasets matched by label) on every new frame.
 */
import type { ReadonlySignal } from '@preact/signals';
import { useSignalEffect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartType,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartFrame } from '../models/charts.ts';

// Tree-shaken registration: only what these charts use reaches the bundle.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

const PALETTE = [
  '#4cc9f0',
  '#f72585',
  '#b5e48c',
  '#ffd166',
  '#9d4edd',
  '#ff8c42',
  '#06d6a0',
  '#ef476f',
  '#8ecae6',
  '#e9c46a',
];

/** Props of {@link ChartCanvas}. */
export interface ChartCanvasProps {
  id: string;
  title: string;
  kind: 'line' | 'bar';
  frame: ReadonlySignal<ChartFrame>;
  /** Horizontal bars (distribution). */
  horizontal?: boolean;
  /** Y axis title. */
  unit?: string;
}

/** A chart card. */
export function ChartCanvas(props: ChartCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const style = getComputedStyle(document.documentElement);
    const text = style.getPropertyValue('--text-muted').trim() || '#aaa';
    const grid = style.getPropertyValue('--grid').trim() || '#333';
    chart.current = new Chart(canvas.current, {
      type: props.kind as ChartType,
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: props.horizontal ? 'y' : 'x',
        plugins: {
          legend: { display: props.kind === 'line', labels: { color: text, boxWidth: 12 } },
        },
        scales: {
          x: { ticks: { color: text, maxTicksLimit: 8 }, grid: { color: grid } },
          y: {
            beginAtZero: true,
            ticks: { color: text },
            grid: { color: grid },
            title: { display: !!props.unit, text: props.unit ?? '', color: text },
          },
        },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useSignalEffect(() => {
    const frame = props.frame.value;
    const current = chart.current;
    if (!current) return;
    current.data.labels = [...frame.labels];
    const datasets = current.data.datasets;
    frame.datasets.forEach((incoming, index) => {
      const color = PALETTE[index % PALETTE.length];
      const existing = datasets.find((dataset) => dataset.label === incoming.label);
      if (existing) {
        existing.data = [...incoming.data];
      } else {
        datasets.push({
          label: incoming.label,
          data: [...incoming.data],
          borderColor: color,
          backgroundColor: props.kind === 'bar' ? PALETTE : `${color}55`,
          pointRadius: 0,
          borderWidth: 2,
          tension: 0.25,
          spanGaps: true,
        } as never);
      }
    });
    current.data.datasets = datasets.filter((dataset) =>
      frame.datasets.some((incoming) => incoming.label === dataset.label)
    );
    current.update('none');
  });

  return (
    <figure class='chart card'>
      <figcaption>{props.title}</figcaption>
      <div class='chart-box'>
        <canvas id={props.id} ref={canvas} role='img' aria-label={props.title} />
      </div>
    </figure>
  );
}
