// "/nodes/:node": one nsqd's totals, live charts (and graphite's memory and GC graphs), and its topics with their
// channels.
import { get, seg } from './api.js';
import { NODE_CHARTS, liveCharts } from './chart.js';
import { h, link, notice, num, warning } from './dom.js';
import { nodeGraphs } from './graphite.js';
import { channelsTable, nodeTopicTable, tombstoneButton } from './tables.js';

export default async function nodePage(root, [node]) {
  const path = `/nodes/${seg(node)}`;
  const data = h('div');
  const charts = liveCharts(`/history${path}`, NODE_CHARTS);
  root.append(h('h1', {}, 'nsqd ', h('span', { class: 'name' }, node)), charts.el, nodeGraphs(node), data);

  async function load() {
    const n = await get(path);
    const topics = n.topics || [];
    const sections = topics.map((t) => h('section', { class: 'topic' },
      h('h3', {}, link(`/topics/${seg(t.topic_name)}`, t.topic_name), ' ', tombstoneButton(node, t.topic_name, load)),
      nodeTopicTable(t),
      (t.channels || []).length ? channelsTable(t.topic_name, t.channels) : notice('No channels.')));
    data.replaceChildren(...[
      warning(n.message),
      h('p', { class: 'totals' }, `${num(topics.length)} topics · ${num(n.total_messages)} messages · `
        + `${num(n.total_clients)} clients`),
      ...(topics.length ? sections : [notice('No topics on this node.')]),
    ].filter(Boolean));
  }

  await load();
  return charts.stop;
}
