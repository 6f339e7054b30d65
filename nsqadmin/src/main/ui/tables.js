// The tables the topic, channel and node pages share: a stats row per nsqd, channels, clients.
import { del, seg } from './api.js';
import { actionButton } from './actions.js';
import { badge, duration, e2e, h, link, num, table } from './dom.js';

const memoryAndDisk = (s) => `${num(s.memory_depth)} + ${num(s.backend_depth)}`;
const paused = (s) => (s.paused ? badge('paused', 'warning') : null);

/** Forgets the topic on one nsqd at nsqlookupd (the ✘ of NSQ's pages). */
export function tombstoneButton(node, topic, after) {
  return actionButton('✘', `Tombstone topic ${topic} on ${node}? nsqlookupd will stop listing this producer.`,
    () => del(`/nodes/${seg(node)}`, { topic }), after, 'tombstone');
}

/** A topic's per-nsqd rows, then the total. */
export function topicNodesTable(topic, after) {
  const row = (s, total) => h('tr', { class: total ? 'total' : '' },
    h('td', {}, total ? 'Total' : link(`/nodes/${seg(s.node)}`, s.node), ' ', paused(s)),
    h('td', { class: 'n' }, num(s.depth)),
    h('td', { class: 'n' }, memoryAndDisk(s)),
    h('td', { class: 'n' }, num(s.message_count)),
    h('td', { class: 'n' }, num((s.channels || []).length)),
    h('td', {}, e2e(s.e2e_processing_latency)),
    h('td', {}, total ? null : tombstoneButton(s.node, topic.topic_name, after)));
  return table(['nsqd', 'Depth', 'Memory + Disk', 'Messages', 'Channels', 'E2E latency', ''],
    [...(topic.nodes || []).map((s) => row(s, false)), row(topic, true)], 'stats');
}

/** A topic's channels, each linking to its page. */
export function channelsTable(topicName, channels) {
  return table(['Channel', 'Depth', 'Memory + Disk', 'In flight', 'Deferred', 'Requeued', 'Timed out', 'Messages',
    'Connections', 'E2E latency'], channels.map((c) => [
    h('span', {}, link(`/topics/${seg(topicName)}/${seg(c.channel_name)}`, c.channel_name), ' ', paused(c)),
    num(c.depth), memoryAndDisk(c), num(c.in_flight_count), num(c.deferred_count), num(c.requeue_count),
    num(c.timeout_count), num(c.message_count), num(c.client_count ?? (c.clients || []).length),
    e2e(c.e2e_processing_latency)]), 'stats channels');
}

/** A channel's per-nsqd rows, then the total. */
export function channelNodesTable(channel) {
  const row = (s, total) => [
    h('span', {}, total ? 'Total' : link(`/nodes/${seg(s.node)}`, s.node), ' ', paused(s)),
    num(s.depth), memoryAndDisk(s), num(s.in_flight_count), num(s.deferred_count), num(s.requeue_count),
    num(s.timeout_count), num(s.message_count), num(s.client_count), e2e(s.e2e_processing_latency)];
  const rows = (channel.nodes || []).map((s) => row(s, false));
  const total = h('tr', { class: 'total' }, row(channel, true).map((c) => h('td', {}, c)));
  return table(['nsqd', 'Depth', 'Memory + Disk', 'In flight', 'Deferred', 'Requeued', 'Timed out', 'Messages',
    'Connections', 'E2E latency'], [...rows, total], 'stats');
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
