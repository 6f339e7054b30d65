// "/nodes": every nsqd the cluster lists, flagging outdated versions and nsqd not registered with every nsqlookupd.
import { get, seg } from './api.js';
import { badge, h, link, notice, table, warning } from './dom.js';

export default async function nodesPage(root) {
  root.append(h('h1', {}, 'Nodes'));
  const { nodes, message } = await get('/nodes');
  const lookupds = (window.NSQLOOKUPD || []).length;
  if (nodes.length === 0) {
    root.append(warning(message), notice('No nsqd found.'));
    return null;
  }
  const rows = nodes.map((n) => {
    const address = `${n.broadcast_address}:${n.http_port}`;
    const connections = (n.remote_addresses || []).length;
    return h('tr', { class: n.out_of_date ? 'outdated' : '' }, [
      n.hostname, link(`/nodes/${seg(address)}`, address), n.tcp_port, n.http_port,
      h('span', {}, n.version, n.out_of_date ? badge('out of date', 'warning') : null),
      n.topology_region || '', n.topology_zone || '',
      lookupds ? h('span', { class: connections === lookupds ? '' : 'warning-text' }, `${connections} / ${lookupds}`) : '',
      h('span', {}, (n.topics || []).map((t) => badge(t.topic, t.tombstoned ? 'warning' : ''))),
    ].map((cell) => h('td', {}, cell)));
  });
  root.append(warning(message), table(['Hostname', 'Address', 'TCP port', 'HTTP port', 'Version', 'Region', 'Zone',
    'nsqlookupd', 'Topics'], rows, 'stats nodes'));
  return null;
}
