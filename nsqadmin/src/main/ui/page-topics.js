// "/" and "/topics": every topic, with its depth and message rate from nsqadmin's history at a glance; with
// graphite, their sparklines and graphite's rate too.
import { get, seg } from './api.js';
import { h, link, notice, num, table, warning } from './dom.js';
import { graphsActive, rateCell, sparkline } from './graphite.js';

/** The last value of a history column, skipping gaps. */
function latest(values) {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] != null) return values[i];
  return null;
}

async function topicRow(topic) {
  const history = await get(`/history/topics/${seg(topic)}`).catch(() => null);
  const depth = history && latest(history.depth);
  const rate = history && latest(history.message_rate);
  return [link(`/topics/${seg(topic)}`, topic),
    h('span', { class: 'n' }, depth == null ? '–' : num(depth), sparkline('*', topic, '', 'depth')),
    h('span', { class: 'n' }, rate == null ? '–' : rate.toFixed(1), sparkline('*', topic, '', 'message_count')),
    ...(graphsActive() ? [rateCell('*', topic, '')] : [])];
}

export default async function topicsPage(root) {
  root.append(h('h1', {}, 'Topics'));
  const { topics, message } = await get('/topics');
  if (topics.length === 0) {
    root.append(warning(message), notice('No Topics Found'));
    return null;
  }
  const rows = await Promise.all(topics.map(topicRow));
  const headings = ['Topic', 'Depth', 'Messages/s', ...(graphsActive() ? ['Rate'] : [])];
  root.append(warning(message), table(headings, rows, 'stats topics'));
  return null;
}
