// "/topics/:topic": the topic summed over its nsqd, per nsqd, its channels, live charts (and graphite's graphs), and
// its admin actions.
import { del, get, post, seg, url } from './api.js';
import { actionButton } from './actions.js';
import { TOPIC_CHARTS, liveCharts } from './chart.js';
import { h, notice, warning } from './dom.js';
import { largeGraphs } from './graphite.js';
import { channelsTable, topicNodesTable } from './tables.js';

export default async function topicPage(root, [topic]) {
  const path = `/topics/${seg(topic)}`;
  const actions = h('div', { class: 'actions' });
  const data = h('div');
  const charts = liveCharts(`/history${path}`, TOPIC_CHARTS);
  root.append(h('h1', {}, 'Topic ', h('span', { class: 'name' }, topic)), actions, charts.el,
    largeGraphs('*', topic, ''), data);

  async function load() {
    const t = await get(path);
    actions.replaceChildren(...[
      actionButton('Empty Queue', `Empty topic ${topic}? Its queued messages are deleted.`,
        () => post(path, { action: 'empty' }), load),
      actionButton('Delete Topic', `Delete topic ${topic} and all its channels?`,
        () => del(path), async () => { window.location.assign(url('/')); }, 'danger'),
      t.paused
        ? actionButton('UnPause Topic', `Unpause topic ${topic}?`, () => post(path, { action: 'unpause' }), load)
        : actionButton('Pause Topic', `Pause topic ${topic}? No messages reach its channels while paused.`,
          () => post(path, { action: 'pause' }), load),
    ].filter(Boolean));
    const channels = t.channels || [];
    data.replaceChildren(...[
      warning(t.message),
      t.paused ? notice('This topic is paused.', 'warning') : null,
      h('h2', {}, 'nsqd'),
      (t.nodes || []).length ? topicNodesTable(t, load) : notice('No producers for this topic.'),
      h('h2', {}, 'Channels'),
      channels.length ? channelsTable(topic, channels) : notice('No channels for this topic.'),
    ].filter(Boolean));
  }

  await load();
  return charts.stop;
}
