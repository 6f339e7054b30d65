// The tables the topic, channel and node pages share: a stats row per nsqd, channels, clients. With graphite, the
// depth and messages cells carry sparklines and a rate column follows the messages.
import { del, seg } from './api.js';
import { actionButton } from './actions.js';
import { badge, duration, e2eCells, e2eHeading, e2eQuantiles, h, link, num, table } from './dom.js';
import { graphsActive, rateCell, sparkline } from './graphite.js';

const memoryAndDisk = (s) => `${num(s.memory_depth)} + ${num(s.backend_depth)}`;
const paused = (s) => (s.paused ? badge('paused', 'warning') : null);

/** A row's number with its sparkline (of the row's node, `*` for a total) under it. */
const graphed = (value, s, channel, metric) =>
  h('span', {}, num(value), sparkline(s.node, s.topic_name, channel, metric));
const rateHeading = () => (graphsActive() ? ['Rate'] : []);
const rate = (s, channel) => (graphsActive() ? [rateCell(s.node, s.topic_name, channel)] : []);

/** Forgets the topic on one nsqd at nsqlookupd (the ✘ of NSQ's pages). */
export function tombstoneButton(node, topic, after) {
  return actionButton('✘', `Tombstone topic ${topic} on ${node}? nsqlookupd will stop listing this producer.`,
    () => del(`/nodes/${seg(node)}`, { topic }), after, 'tombstone');
}

/** A topic's per-nsqd rows, then the total. */
export function topicNodesTable(topic, after) {
  const all = [...(topic.nodes || []), topic];
  const quantiles = e2eQuantiles(all);
  const row = (s, total) => h('tr', { class: total ? 'total' : '' }, [
    h('span', {}, total ? 'Total' : link(`/nodes/${seg(s.node)}`, s.node), ' ', paused(s)),
    graphed(s.depth, s, '', 'depth'), memoryAndDisk(s), graphed(s.message_count, s, '', 'message_count'),
    ...rate(s, ''), num((s.channels || []).length), ...e2eCells(s.e2e_processing_latency, quantiles),
    total ? null : tombstoneButton(s.node, topic.topic_name, after),
  ].map((cell) => h('td', {}, cell)));
  return table(['nsqd', 'Depth', 'Memory + Disk', 'Messages', ...rateHeading(), 'Channels',
    ...quantiles.map(e2eHeading), ''], all.map((s) => row(s, s === topic)), 'stats');
}

/** A topic on one nsqd, in one row. */
export function nodeTopicTable(t) {
  return table(['Depth', 'Memory + Disk', 'Messages', ...rateHeading(), 'Channels'],
    [[graphed(t.depth, t, '', 'depth'), memoryAndDisk(t), graphed(t.message_count, t, '', 'message_count'),
      ...rate(t, ''), num((t.channels || []).length)]], 'stats');
}

/** A topic's channels, each linking to its page. */
export function channelsTable(topicName, channels) {
  const quantiles = e2eQuantiles(channels);
  return table(['Channel', 'Depth', 'Memory + Disk', 'In flight', 'Deferred', 'Requeued', 'Timed out', 'Messages',
    ...rateHeading(), 'Connections', ...quantiles.map(e2eHeading)], channels.map((c) => [
    h('span', {}, link(`/topics/${seg(topicName)}/${seg(c.channel_name)}`, c.channel_name), ' ', paused(c)),
    graphed(c.depth, c, c.channel_name, 'depth'), memoryAndDisk(c), num(c.in_flight_count), num(c.deferred_count),
    num(c.requeue_count), num(c.timeout_count), graphed(c.message_count, c, c.channel_name, 'message_count'),
    ...rate(c, c.channel_name), num(c.client_count ?? (c.clients || []).length),
    ...e2eCells(c.e2e_processing_latency, quantiles)]), 'stats channels');
}

/**
 * Where a row's messages were delivered, as shares of a bar: to consumers in the nsqd's zone, in its region, or
 * anywhere (nsqd's topology-aware delivery counts).
 */
function deliveryBar(s) {
  const total = s.delivery_msg_count || 0;
  const share = (count) => (total ? Math.round((count || 0) * 100 / total) : 0);
  const parts = [['zone', 'zone-local', s.zone_local_msg_count], ['region', 'region-local', s.region_local_msg_count],
    ['global', 'global', s.global_msg_count]];
  return h('div', { class: 'delivery', title: parts.map(([, label, count]) => `${label} ${share(count)}%`).join(', ') },
    parts.map(([kind, , count]) => h('span', { class: kind, style: `width: ${share(count)}%` })));
}

/** A channel's per-nsqd rows, then the total; a delivery column once nsqd counts topology-aware deliveries. */
export function channelNodesTable(channel) {
  const all = [...(channel.nodes || []), channel];
  const quantiles = e2eQuantiles(all);
  const delivery = channel.delivery_msg_count > 0;
  const name = channel.channel_name;
  const row = (s, total) => h('tr', { class: total ? 'total' : '' }, [
    h('span', {}, total ? 'Total' : link(`/nodes/${seg(s.node)}`, s.node), ' ', paused(s)),
    graphed(s.depth, s, name, 'depth'), memoryAndDisk(s), num(s.in_flight_count), num(s.deferred_count),
    num(s.requeue_count), num(s.timeout_count), graphed(s.message_count, s, name, 'message_count'), ...rate(s, name),
    num(s.client_count), ...(delivery ? [deliveryBar(s)] : []), ...e2eCells(s.e2e_processing_latency, quantiles),
  ].map((cell) => h('td', {}, cell)));
  return table(['nsqd', 'Depth', 'Memory + Disk', 'In flight', 'Deferred', 'Requeued', 'Timed out', 'Messages',
    ...rateHeading(), 'Connections', ...(delivery ? ['Delivery'] : []), ...quantiles.map(e2eHeading)],
  all.map((s) => row(s, s === channel)), 'stats');
}

function clientAttributes(c) {
  return [
    c.sample_rate > 0 ? badge(`sampled ${c.sample_rate}%`) : null,
    c.tls ? h('span', { class: 'badge', title: `${c.tls_version} ${c.tls_cipher_suite}` }, 'TLS') : null,
    c.deflate ? badge('deflate') : null,
    c.snappy ? badge('snappy') : null,
    c.authed ? badge(`authed${c.auth_identity ? `: ${c.auth_identity}` : ''}`) : null,
    c.topology_region ? badge(`region ${c.topology_region}`) : null,
    c.topology_zone ? badge(`zone ${c.topology_zone}`) : null,
  ];
}

export function clientsTable(clients) {
  return table(['Client', 'User agent', 'Attributes', 'nsqd', 'In flight', 'Ready', 'Finished', 'Requeued',
    'Messages', 'Connected'], clients.map((c) => [
    `${c.remote_address}${c.client_id && c.client_id !== c.hostname ? ` (${c.client_id})` : ''}`,
    c.user_agent, h('span', {}, clientAttributes(c)), c.node, num(c.in_flight_count), num(c.ready_count),
    num(c.finish_count), num(c.requeue_count), num(c.message_count), duration(c.connected)]), 'stats clients');
}
