/** @module The charts view: four Chart.js charts fed by the charts model. */
import type { ChartsModel } from '../models/charts.ts';
import { ChartCanvas } from './ChartCanvas.tsx';

/** Props of {@link ChartsView}. */
export interface ChartsViewProps {
  model: ChartsModel;
}

/** Rates, distribution, players, latency. */
export function ChartsView({ model }: ChartsViewProps) {
  return (
    <div class='charts-grid'>
      <ChartCanvas
        id='chart-rates'
        title='Events per second by type'
        kind='line'
        frame={model.ratesFrame}
        unit='events/s'
      />
      <ChartCanvas
        id='chart-distribution'
        title='Event types (top 10)'
        kind='bar'
        horizontal
        frame={model.distributionFrame}
      />
      <ChartCanvas
        id='chart-players'
        title='Players online per realm'
        kind='line'
        frame={model.playersFrame}
        unit='players'
      />
      <ChartCanvas
        id='chart-latency'
        title='SOAP latency and update diff per realm'
        kind='line'
        frame={model.latencyFrame}
        unit='ms'
      />
    </div>
  );
}
