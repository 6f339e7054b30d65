// Graphite in the pages, as NSQ draws it when --graphite-url is set (GRAPH_ENABLED): sparklines of a row's depth and
// messages, each linking to its large graph, a rate cell, and the timeframe menu. The metric names are those nsqd's
// statsd client sends; the images come from GRAPHITE_URL, or from nsqadmin's <base-path>/render when it proxies
// graphite (GRAPHITE_URL is then empty). Rates come from nsqadmin's /api/graphite, which asks graphite itself.
import { get, url } from './api.js';
import { h } from './dom.js';

const TIMEFRAMES = ['off', '1h', '2h', '12h', '24h', '48h', '168h'];
const COUNTERS = new Set(['message_count', 'requeue_count', 'timeout_count', 'gc_runs']);
const COLORS = { depth: 'red', message_count: 'green' };
const TITLES = {
  depth: 'depth', message_count: 'messages/s', gc_pause_usec_99: 'GC pause p99 (µs)', gc_runs: 'GC runs/s',
  heap_in_use_bytes: 'heap in use (bytes)',
};

const interval = () => window.STATSD_INTERVAL;

/** The graphs' timeframe: `?t=` (kept for later pages), else the one chosen last, else 2h; `off` without graphite. */
export function timeframe() {
  if (window.GRAPH_ENABLED !== true) return 'off';
  const asked = new URLSearchParams(window.location.search).get('t');
  if (TIMEFRAMES.includes(asked)) localStorage.setItem('graph_interval', asked);
  const stored = localStorage.getItem('graph_interval');
  return TIMEFRAMES.includes(stored) ? stored : '2h';
}

export const graphsActive = () => timeframe() !== 'off';

/** The navigation's timeframe menu; choosing one redraws the page. Nothing without graphite. */
export function timeframeMenu() {
  if (window.GRAPH_ENABLED !== true) return null;
  const current = timeframe();
  return h('label', { class: 'timeframe' }, 'graphs ',
    h('select', {
      id: 'graph-interval',
      onchange: (event) => {
        localStorage.setItem('graph_interval', event.target.value);
        const params = new URLSearchParams(window.location.search);
        params.delete('t'); // else it would override the choice
        window.location.assign(window.location.pathname + (params.size ? `?${params}` : ''));
      },
    }, TIMEFRAMES.map((t) => h('option', { value: t, selected: t === current }, t))));
}

/** A name as statsd writes it into a metric's key: spaces to `_`, `/` to `-`, nothing else outside [A-Za-z0-9-_.]. */
const sanitize = (name) => name.replace(/ /g, '_').replace(/\//g, '-').replace(/[^a-zA-Z0-9\-_.]/g, '');

/** nsqd's --statsd-prefix for a node (`*`: every node), with the `.` nsqd appends. */
function prefix(node) {
  const host = node === '*' ? '*' : node.replace(/[.:]/g, '_');
  const p = window.STATSD_PREFIX.replace(/%s/g, host);
  return p === '' || p.endsWith('.') ? p : `${p}.`;
}

/** The graphite key of a node's metric under a path of nsqd's statsd keys, through the counter or gauge format. */
function statsdKey(node, path, metric) {
  const key = `${prefix(node)}${path}.${metric}`;
  const format = COUNTERS.has(metric) ? window.STATSD_COUNTER_FORMAT : window.STATSD_GAUGE_FORMAT;
  return format ? format.replace(/%s/g, key) : key;
}

/**
 * The graphite key of a topic's or channel's metric on a node.
 * @param topic a topic name, or `*` for every topic
 */
function metricKey(node, topic, channel, metric) {
  const name = (s) => (s === '*' ? s : sanitize(s));
  return statsdKey(node, `topic.${name(topic)}${channel ? `.channel.${name(channel)}` : ''}`, metric);
}

function renderUrl(params) {
  const base = window.GRAPHITE_URL || url('');
  return `${base}/render?${new URLSearchParams(params)}`;
}

/** The metric summed over the nodes the key matches, averaged per statsd interval. */
const summarized = (key) => `summarize(sumSeries(${key}),"${interval()}sec","avg")`;

function sparklineUrl(key, metric) {
  return renderUrl({
    colorList: COLORS[metric] || 'black', height: 20, width: 120, hideGrid: true, hideLegend: true, hideAxes: true,
    bgcolor: 'ff000000', fgcolor: 'black', margin: 0, yMin: 0, lineMode: 'connected', drawNullAsZero: false,
    from: `-${timeframe()}`, until: '-1min', target: summarized(key),
  });
}

/** 800×450; counters per second, as the sparklines show them per statsd interval. */
function largeGraphUrl(key, metric) {
  const target = COUNTERS.has(metric) ? `scale(${summarized(key)},${1 / interval()})` : summarized(key);
  return renderUrl({
    colorList: COLORS[metric] || 'black', height: 450, width: 800, title: TITLES[metric] || metric, yMin: 0,
    lineMode: 'connected', drawNullAsZero: false, from: `-${timeframe()}`, until: '-1min', target,
  });
}

/** A row's sparkline of the metric, linking to its large graph; nothing with graphs off. */
export function sparkline(node, topic, channel, metric) {
  if (!graphsActive()) return null;
  const key = metricKey(node, topic, channel, metric);
  return h('a', { class: 'sparkline', href: largeGraphUrl(key, metric), target: '_blank' },
    h('img', { class: 'sparkline', 'data-metric': metric, src: sparklineUrl(key, metric), width: 120, height: 20 }));
}

const graphs = (keyOf, metrics) => h('section', { class: 'graphite' }, metrics.map((metric) =>
  h('img', { class: 'graph', 'data-metric': metric, src: largeGraphUrl(keyOf(metric), metric) })));

/** The large graphs of a topic or channel over its nodes (`*`: all), for its page; an empty string with graphs off. */
export function largeGraphs(node, topic, channel, metrics = ['depth', 'message_count']) {
  return graphsActive() ? graphs((metric) => metricKey(node, topic, channel, metric), metrics) : '';
}

/** A node's memory and GC graphs from the `mem.*` keys nsqd sends; an empty string with graphs off. */
export function nodeGraphs(node) {
  return graphsActive()
    ? graphs((metric) => statsdKey(node, 'mem', metric), ['heap_in_use_bytes', 'gc_pause_usec_99', 'gc_runs']) : '';
}

/** Messages per second over the last statsd interval, filled in once graphite answers; `N/A` without data. */
export function rateCell(node, topic, channel) {
  if (!graphsActive()) return null;
  const cell = h('span', { class: 'rate n' }, '…');
  const target = `sumSeries(${metricKey(node, topic, channel, 'message_count')})`;
  get(`/graphite?metric=rate&target=${encodeURIComponent(target)}`)
    .then((answer) => { cell.textContent = answer.rate; })
    .catch(() => { cell.textContent = 'N/A'; });
  return cell;
}
