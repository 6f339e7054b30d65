// "/topics/:topic/:channel": the channel per nsqd and in total, its clients, live charts, and its admin actions.
import { del, get, post, seg, url } from './api.js';
import { actionButton } from './actions.js';
import { TOPIC_CHARTS, liveCharts } from './chart.js';
import { h, link, notice, warning } from './dom.js';
import { largeGraphs } from './graphite.js';
import { channelNodesTable, clientsTable } from './tables.js';

export default async function channelPage(root, [topic, channel]) {
  const path = `/topics/${seg(topic)}/${seg(channel)}`;
  const actions = h('div', { class: 'actions' });
  const data = h('div');
  const charts = liveCharts(`/history${path}`, TOPIC_CHARTS);
  root.append(h('h1', {}, 'Channel ', h('span', { class: 'name' }, channel), ' of topic ',
    link(`/topics/${seg(topic)}`, topic)), actions, charts.el, largeGraphs('*', topic, channel), data);

  async function load() {
    const c = await get(path);
    actions.replaceChildren(...[
      actionButton('Empty Queue', `Empty channel ${channel}? Its queued messages are deleted.`,
        () => post(path, { action: 'empty' }), load),
      actionButton('Delete Channel', `Delete channel ${channel}?`,
        () => del(path), async () => { window.location.assign(url(`/topics/${seg(topic)}`)); }, 'danger'),
      c.paused
        ? actionButton('UnPause Channel', `Unpause channel ${channel}?`, () => post(path, { action: 'unpause' }), load)
        : actionButton('Pause Channel', `Pause channel ${channel}? Its clients get no messages while paused.`,
          () => post(path, { action: 'pause' }), load),
    ].filter(Boolean));
    const clients = c.clients || [];
    data.replaceChildren(...[
      warning(c.message),
      c.paused ? notice('This channel is paused.', 'warning') : null,
      h('h2', {}, 'nsqd'),
      channelNodesTable(c),
      h('h2', {}, 'Clients'),
      clients.length ? clientsTable(clients) : notice('No clients connected to this channel.'),
    ].filter(Boolean));
  }

  await load();
  return charts.stop;
}
