// "/lookup": the nsqlookupd in use, the topics and channels they list with no producer, and creating topics.
import { del, get, post, seg } from './api.js';
import { actionButton, isAdmin, showError, clearError } from './actions.js';
import { h, notice, warning } from './dom.js';

function createForm(after) {
  const topic = h('input', { name: 'topic', placeholder: 'topic', required: true });
  const channel = h('input', { name: 'channel', placeholder: 'channel (optional)' });
  return h('form', {
    class: 'create',
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        clearError();
        await post('/topics', channel.value ? { topic: topic.value, channel: channel.value } : { topic: topic.value });
        topic.value = '';
        channel.value = '';
        await after();
      } catch (error) {
        showError(error);
      }
    },
  }, h('h2', {}, 'Create Topic / Channel'),
  h('p', {}, 'The topic and channel are created at every nsqlookupd; the channel also on the topic\'s nsqd.'),
  topic, channel, h('button', { type: 'submit' }, 'Create'));
}

export default async function lookupPage(root) {
  const lookupds = window.NSQLOOKUPD || [];
  root.append(h('h1', {}, 'Lookup'));
  if (lookupds.length === 0) {
    root.append(notice('No nsqlookupd configured: nsqadmin reads the nsqd directly.', 'warning'));
    return null;
  }
  const inactive = h('div');
  root.append(h('h2', {}, 'nsqlookupd'), h('ul', {}, lookupds.map((address) => h('li', {}, address))),
    h('h2', {}, 'Inactive topics'), inactive);

  async function load() {
    const { topics, message } = await get('/topics?inactive=true');
    const names = Object.keys(topics);
    inactive.replaceChildren(...[
      warning(message),
      names.length === 0 ? notice('Every topic nsqlookupd lists has a producer.') : h('ul', { class: 'tree' },
        names.map((topic) => h('li', {}, topic, ' ',
          actionButton('✘', `Delete topic ${topic}?`, () => del(`/topics/${seg(topic)}`), load, 'tombstone'),
          h('ul', {}, (topics[topic] || []).map((channel) => h('li', {}, channel, ' ',
            actionButton('✘', `Delete channel ${channel} of ${topic}?`,
              () => del(`/topics/${seg(topic)}/${seg(channel)}`), load, 'tombstone'))))))),
    ].filter(Boolean));
  }

  if (isAdmin()) root.append(createForm(load));
  await load();
  return null;
}
