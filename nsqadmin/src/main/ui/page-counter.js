// "/counter": the number of messages every channel of the cluster has been sent, counting up live; with graphite,
// the graph of their rate.
import { get } from './api.js';
import { h, num, warning } from './dom.js';
import { largeGraphs } from './graphite.js';

export default async function counterPage(root) {
  const total = h('div', { class: 'counter', id: 'counter' }, '…');
  const rate = h('p', { class: 'counter-rate' });
  const message = h('div');
  root.append(h('h1', {}, 'Messages processed'), total, rate, message, largeGraphs('*', '*', '*', ['message_count']));
  let delay = 1;
  let previous = null;
  let timer = null;

  async function poll() {
    try {
      const answer = await get('/counter');
      const sum = Object.values(answer.stats).reduce((acc, s) => acc + s.message_count, 0);
      const now = Date.now();
      if (previous) rate.textContent = `${((sum - previous.sum) * 1000 / (now - previous.at)).toFixed(1)} messages/s`;
      previous = { sum, at: now };
      total.textContent = num(sum);
      message.replaceChildren(...[warning(answer.message)].filter(Boolean));
    } catch (error) {
      message.replaceChildren(warning(error.message));
    }
    // NSQ's counter polls a second slower each time, up to every 10 s
    delay = Math.min(delay + 1, 10);
    timer = setTimeout(poll, delay * 1000);
  }

  await poll();
  return () => clearTimeout(timer);
}
