// Building the pages' DOM: h('a', {href}, 'text'), and the formats the tables share.
import { url } from './api.js';

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export const link = (path, text) => h('a', { href: url(path) }, text);

export const num = (n) => (n == null ? '' : Number(n).toLocaleString('en-US'));

/** A Go duration in nanoseconds, shortened: 1.5 ms, 3 s, 2 h 5 m. */
export function duration(ns) {
  const ms = ns / 1e6;
  if (ms < 1) return `${(ns / 1e3).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
}

/** The e2e quantiles any of the rows tracks, in the order nsqd lists them: a column each, as in NSQ's tables. */
export function e2eQuantiles(rows) {
  const quantiles = [];
  for (const row of rows) {
    for (const p of (row.e2e_processing_latency && row.e2e_processing_latency.percentiles) || []) {
      if (!quantiles.includes(p.quantile)) quantiles.push(p.quantile);
    }
  }
  return quantiles;
}

export const e2eHeading = (quantile) => `E2E p${+(quantile * 100).toFixed(2)}`;

/** A row's e2e latency at each quantile (its average over the nodes), empty where the row has none. */
export function e2eCells(latency, quantiles) {
  const percentiles = (latency && latency.percentiles) || [];
  return quantiles.map((q) => {
    const p = percentiles.find((candidate) => candidate.quantile === q);
    return p ? duration(p.average) : '';
  });
}

export const notice = (text, kind = 'info') => h('p', { class: `notice ${kind}` }, text);

/** The API's partial-failure message, shown above the data it concerns; an empty string (nothing) without. */
export const warning = (message) => (message ? notice(message, 'warning') : '');

export const badge = (text, kind = '') => h('span', { class: `badge ${kind}` }, text);

/** A table: headings, then rows of cells; a row may be a ready <tr>. */
export function table(headings, rows, kind = '') {
  return h('table', { class: kind },
    h('thead', {}, h('tr', {}, headings.map((heading) => h('th', {}, heading)))),
    h('tbody', {}, rows.map((row) => (row instanceof Node ? row : h('tr', {}, row.map((c) => h('td', {}, c)))))));
}
