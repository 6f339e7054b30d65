// The admin actions' buttons: shown only to admins (IS_ADMIN), each asks before it changes the cluster.
import { h } from './dom.js';

export const isAdmin = () => window.IS_ADMIN === true;

/** Reports a failed action or load at the top of the page until the next one. */
export function showError(error) {
  const bar = document.getElementById('error');
  bar.textContent = error.message;
  bar.hidden = false;
}

export function clearError() {
  document.getElementById('error').hidden = true;
}

/**
 * A button that confirms, runs the action, then `after` (a reload, or leaving a deleted topic's page).
 * Nothing for non-admins.
 */
export function actionButton(label, question, action, after, kind = '') {
  if (!isAdmin()) return null;
  return h('button', {
    class: `action ${kind}`,
    onclick: async (event) => {
      if (!window.confirm(question)) return;
      event.target.disabled = true;
      try {
        clearError();
        await action();
        await after();
      } catch (error) {
        showError(error);
      } finally {
        event.target.disabled = false;
      }
    },
  }, label);
}
