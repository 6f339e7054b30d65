// Live charts of nsqadmin's own rolling history (GET /api/history/...), drawn by uPlot and refreshed at the
// history's poll interval. Each chart's element keeps its uPlot as `.uplot`: the browser tests read its data.
import uPlot from './uPlot.esm.js';
import { get } from './api.js';
import { h, notice } from './dom.js';

const SERIES = {
  message_rate: { label: 'messages/s', stroke: '#2f6fbd' },
  depth: { label: 'depth', stroke: '#d9822b' },
  in_flight: { label: 'in flight', stroke: '#3a9e5c' },
  requeue_rate: { label: 'requeues/s', stroke: '#b0413e' },
  timeout_rate: { label: 'timeouts/s', stroke: '#7d4fb0' },
  e2e_latency_ms: { label: 'e2e latency (ms)', stroke: '#555555' },
};

/** The charts a topic, a channel and a node show; e2e latency only appears once nsqd reports some. */
export const TOPIC_CHARTS = [['message_rate'], ['depth', 'in_flight'], ['requeue_rate', 'timeout_rate'], ['e2e_latency_ms']];
export const NODE_CHARTS = [['message_rate'], ['depth', 'in_flight'], ['requeue_rate', 'timeout_rate']];

const HEIGHT = 150;

function chartOptions(title, keys, width) {
  return {
    title,
    width,
    height: HEIGHT,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
    series: [{}, ...keys.map((key) => ({
      label: SERIES[key].label, stroke: SERIES[key].stroke, width: 2, points: { show: false },
    }))],
    axes: [{}, { size: 60 }],
  };
}

/**
 * A panel of live charts for one history path; `stop` ends its polling (the page is left).
 * @param groups the metrics of each chart, from the history's JSON keys
 */
export function liveCharts(path, groups) {
  const el = h('section', { class: 'charts' });
  const status = notice('Collecting data: the charts appear after nsqadmin\'s next polls of nsqd.');
  el.append(status);
  const charts = new Map();
  let timer = null;
  let stopped = false;

  function draw(history) {
    status.remove();
    for (const keys of groups) {
      const data = [history.time, ...keys.map((key) => history[key])];
      const hasData = data.slice(1).some((values) => values.some((v) => v != null));
      const name = keys.join(' ');
      if (!charts.has(name)) {
        if (!hasData && keys.includes('e2e_latency_ms')) continue;
        const box = h('div', { class: 'chart', 'data-metrics': name });
        el.append(box);
        const title = keys.map((key) => SERIES[key].label).join(', ');
        box.uplot = new uPlot(chartOptions(title, keys, chartWidth(el)), data, box);
        charts.set(name, box);
      } else {
        charts.get(name).uplot.setData(data);
      }
    }
  }

  async function poll() {
    let interval = 5;
    try {
      const history = await get(path);
      interval = history.interval_seconds;
      draw(history);
    } catch (error) {
      if (error.status !== 404) status.textContent = `Charts unavailable: ${error.message}`;
    }
    if (!stopped) timer = setTimeout(poll, Math.max(1, interval) * 1000);
  }

  function resize() {
    for (const box of charts.values()) box.uplot.setSize({ width: chartWidth(el), height: HEIGHT });
  }

  window.addEventListener('resize', resize);
  poll();
  return {
    el,
    stop() {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('resize', resize);
    },
  };
}

/** Three charts a row on a laptop screen, fewer on narrower ones: the tables stay in sight. */
function chartWidth(panel) {
  const width = panel.clientWidth || document.body.clientWidth;
  const columns = width > 1200 ? 3 : width > 800 ? 2 : 1;
  return Math.floor(width / columns) - 16;
}
