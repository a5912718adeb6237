// Registers digitlab's service worker (sw.js: the site offline after a first visit, and cross-origin
// isolation on hosts that send no headers for it) and, in a top-level tab it has just taken over,
// reloads the page once so the isolation applies (WebAssembly threads). web/shell.js waits for
// `window.digitlabService.ready` before starting: 'reloading' means it never needs to.
'use strict';

window.digitlabService = (() => {
  const inFrame = (() => {
    try {
      return window.self !== window.top;
    } catch (e) {
      return true;
    }
  })();
  const state = {registered: false, controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
                 problem: null};
  const RELOADED = 'digitlab-reloaded-for-isolation';

  async function register() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) {
      state.problem = window.isSecureContext ? 'no service workers in this browser' : 'not a secure context (https)';
      return 'ok';
    }
    // Already served by the worker (a second visit, perhaps offline): start now; the browser
    // checks for a newer worker in the background.
    if (navigator.serviceWorker.controller && (window.crossOriginIsolated || inFrame)) {
      navigator.serviceWorker.register('sw.js').then(() => { state.registered = true; }, () => {});
      return 'ok';
    }
    let registration;
    try {
      registration = await navigator.serviceWorker.register('sw.js');
    } catch (e) {
      // A private window, a sandboxed frame, a browser setting: the page works, only not offline.
      state.problem = e.message || String(e);
      return 'ok';
    }
    state.registered = true;
    // Isolation only a top-level page can have, and only once the worker controls it.
    if (inFrame || window.crossOriginIsolated || navigator.serviceWorker.controller) return 'ok';
    if (sessionStorage.getItem(RELOADED)) return 'ok';  // tried once: the browser will not isolate this page
    const active = registration.active || await new Promise(resolve => {
      const worker = registration.installing || registration.waiting;
      if (!worker) return resolve(null);
      worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(worker));
      setTimeout(() => resolve(null), 8000);  // a slow install: start without threads rather than wait
    });
    if (!active) return 'ok';
    sessionStorage.setItem(RELOADED, '1');
    location.reload();
    return 'reloading';
  }

  return {ready: register(), status: () => ({...state, inFrame})};
})();
