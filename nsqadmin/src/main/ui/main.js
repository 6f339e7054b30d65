// The UI's entry: the navigation bar, then the page the path names (every path serves the same shell).
import { url } from './api.js';
import { showError } from './actions.js';
import { h } from './dom.js';
import { timeframeMenu } from './graphite.js';
import channelPage from './page-channel.js';
import counterPage from './page-counter.js';
import lookupPage from './page-lookup.js';
import nodePage from './page-node.js';
import nodesPage from './page-nodes.js';
import topicPage from './page-topic.js';
import topicsPage from './page-topics.js';

const ROUTES = [
  [/^\/(topics\/?)?$/, topicsPage, 'streams'],
  [/^\/topics\/([^/]+)\/?$/, topicPage, 'streams'],
  [/^\/topics\/([^/]+)\/([^/]+)\/?$/, channelPage, 'streams'],
  [/^\/nodes\/?$/, nodesPage, 'nodes'],
  [/^\/nodes\/([^/]+)\/?$/, nodePage, 'nodes'],
  [/^\/counter\/?$/, counterPage, 'counter'],
  [/^\/lookup\/?$/, lookupPage, 'lookup'],
];

function navigation(current) {
  const item = (section, path, label) =>
    h('a', { href: url(path), class: section === current ? 'current' : '' }, label);
  return h('nav', {},
    h('a', { href: url('/'), class: 'brand' }, 'nsqadmin'),
    item('streams', '/', 'Streams'), item('nodes', '/nodes', 'Nodes'),
    item('counter', '/counter', 'Counter'), item('lookup', '/lookup', 'Lookup'),
    h('span', { class: 'version' }, `v${window.VERSION}`), timeframeMenu());
}

async function start() {
  const base = url('');
  const path = window.location.pathname.slice(base.length) || '/';
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  const app = document.getElementById('app');
  const page = h('main', { id: 'page' });
  app.replaceChildren(navigation(route && route[2]), h('div', { id: 'error', class: 'notice error', hidden: true }),
    page);
  if (!route) {
    page.append(h('h1', {}, 'Not found'));
    return;
  }
  const params = path.match(route[0]).slice(1).filter(Boolean).map(decodeURIComponent);
  try {
    await route[1](page, params);
  } catch (error) {
    showError(error);
  }
}

start();
