// Boots digitlab: checks the browser has what the app needs (saying so plainly if not), picks the
// engine module (digitlab-relaxed where the browser runs relaxed SIMD's fused multiply-add, else the
// baseline digitlab; ?engine=baseline or ?engine=relaxed chooses; digitlab-nothreads[-relaxed] in a
// page without cross-origin isolation), downloads it with a progress bar,
// starts the Emscripten runtime, then fetches MNIST (data.js);
// a failed MNIST download is named in the card with a Retry button, and the app keeps running.
'use strict';

(() => {
  const $ = id => document.getElementById(id);
  const ui = {
    canvas: $('canvas'), loader: $('loader'), progress: $('progress'), message: $('message'),
    problem: $('problem'), retry: $('retry'), databar: $('databar'),
    graphics: $('graphics'), graphicsSave: $('graphics-save'), graphicsReload: $('graphics-reload'),
  };
  // What window.digitlab.status().shell reports. phase: checking, loading-wasm, compiling, running,
  // data-error (the app runs; the card offers Retry) or error (the page stops).
  const state = {phase: 'checking', error: null, engine: null, threads: false, inFrame: false,
                 wasm: {received: 0, total: 0},
                 data: {received: 0, total: 0, done: false, attempts: 0, problems: []}, graphicsLost: false};

  // While the browser has taken the WebGL context away (the app says so, see browser.h): a card
  // over the blank canvas. The app keeps running, so Save model works meanwhile; Reload is the last
  // resort for a context that never comes back.
  function graphicsLost(lost, canSave) {
    const shown = !ui.graphics.hidden;
    state.graphicsLost = lost;
    ui.graphics.hidden = !lost;
    ui.graphicsSave.disabled = !canSave;
    if (lost && !shown) (canSave ? ui.graphicsSave : ui.graphicsReload).focus();
    if (!lost && shown) ui.canvas.focus();
  }
  ui.graphicsSave.addEventListener('click', () => window.digitlabAccess && window.digitlabAccess.send('save_model'));
  ui.graphicsReload.addEventListener('click', () => location.reload());

  window.digitlabShell = {status: () => JSON.parse(JSON.stringify(state)), graphicsLost};

  const MB = bytes => (bytes / 1e6).toFixed(1);

  function setBar(bar, received, total) {
    const determinate = total > 0 && received <= total;
    bar.classList.toggle('indeterminate', !determinate);
    bar.firstElementChild.style.width = determinate ? `${(100 * received / total).toFixed(1)}%` : '';
  }

  function say(text) { ui.message.textContent = text; }

  // Shows the loading card again with a plain explanation; the page stops here.
  function fail(title, detail) {
    if (state.phase === 'error') return;
    state.phase = 'error';
    state.error = detail ? `${title} ${detail}` : title;
    console.error(`digitlab: ${state.error}`);
    ui.loader.classList.remove('hidden');
    ui.databar.classList.remove('shown');
    ui.progress.style.display = 'none';
    ui.message.style.display = 'none';
    ui.problem.textContent = detail ? `${title}\n\n${detail}` : title;
    ui.problem.classList.add('shown');
    ui.retry.hidden = true;
  }

  window.addEventListener('error', e => fail('Something went wrong', e.message || String(e.error)));
  window.addEventListener('unhandledrejection', e =>
    fail('Something went wrong', e.reason && e.reason.message ? e.reason.message : String(e.reason)));

  // A minimal module using one SIMD instruction (v128.const), to test support without compiling the app.
  const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
    10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);

  // The same with relaxed SIMD's f32x4.relaxed_madd (0xfd 0x105) on three zero vectors: a browser
  // validates a whole module, so this tells whether digitlab-relaxed.wasm would load.
  const RELAXED_SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
    10, 61, 1, 59, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 133, 2, 11]);

  // The engine module: with threads where the page has them, else the one whose trainers run
  // between frames; the relaxed kernel where it validates, unless the address asks for one.
  function chooseEngine() {
    const asked = new URLSearchParams(location.search).get('engine');
    const relaxed = WebAssembly.validate(RELAXED_SIMD_PROBE) && asked !== 'baseline';
    const family = threadsAvailable() ? 'digitlab' : 'digitlab-nothreads';
    return relaxed ? `${family}-relaxed` : family;
  }

  function hasWebGL2() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      return false;
    }
  }

  // Human explanations of what is missing; empty when the browser can run digitlab.
  function missingFeatures() {
    const missing = [];
    if (typeof WebAssembly !== 'object') {
      missing.push('WebAssembly is not available in this browser.');
      return missing;
    }
    if (!WebAssembly.validate(SIMD_PROBE)) {
      missing.push('WebAssembly SIMD is not supported. Please use a current Chrome, Edge, Firefox or Safari (16.4+).');
    }
    if (!hasWebGL2()) {
      missing.push('WebGL 2 is unavailable: it may be disabled, or the graphics driver is blocklisted. ' +
                   'Check chrome://gpu or about:support.');
    }
    if (typeof DecompressionStream === 'undefined') {
      missing.push('DecompressionStream is not supported (needed to unpack the dataset). Please update your browser.');
    }
    return missing;
  }

  // A page inside another page (an <iframe> in a course page, an app's web view) can never be
  // cross-origin isolated: its top-level page decides.
  function inFrame() {
    try {
      return window.self !== window.top;
    } catch (e) {
      return true;
    }
  }

  // Threads need cross-origin isolation (SharedArrayBuffer). Without it digitlab still runs: the
  // trainers run between frames on the main thread (engine/background.h), slower.
  function threadsAvailable() {
    return window.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
  }

  // web/service.js registers the service worker and, the first time it takes over a top-level tab,
  // reloads it once so the tab is isolated (threads): no point starting before that.
  async function waitForService() {
    if (!window.digitlabService) return 'ok';
    say('Getting ready…');
    return window.digitlabService.ready;
  }

  function startRuntime() {
    const engine = state.engine = chooseEngine();
    state.threads = threadsAvailable();
    state.inFrame = inFrame();
    state.phase = 'loading-wasm';
    say('Downloading the engine…');
    window.Module = {
      canvas: ui.canvas,
      print: text => console.log(text),
      printErr: text => console.error(text),
      // Fetch the .wasm ourselves to show progress; pthread workers get the compiled module by
      // postMessage from the runtime, so they never download it again.
      instantiateWasm(imports, receiveInstance) {
        window.digitlabData.fetchBytes(`${engine}.wasm`, (received, total) => {
          state.wasm = {received, total};
          setBar(ui.progress, received, total);
          say(total ? `Downloading the engine… ${MB(received)} / ${MB(total)} MB` : 'Downloading the engine…');
        })
          .then(bytes => {
            state.phase = 'compiling';
            say(state.threads ? 'Compiling and starting worker threads…' : 'Compiling…');
            setBar(ui.progress, 0, 0);
            return WebAssembly.instantiate(bytes, imports);
          })
          .then(result => receiveInstance(result.instance, result.module))
          .catch(e => fail(`Could not load ${engine}.wasm`, e.message || String(e)));
        return {};  // exports arrive through receiveInstance
      },
      onAbort: what => fail('digitlab stopped', String(what)),
      // After main(): the app is drawing, so the card gives way and the dataset downloads.
      postRun: [() => {
        state.phase = 'running';
        ui.loader.classList.add('hidden');
        ui.canvas.focus();
        loadDataset();
      }],
    };
    const script = document.createElement('script');
    script.src = `${engine}.js`;
    script.onerror = () => fail(`Could not load ${engine}.js`, 'Check that the site was built (tools/serve).');
    document.body.appendChild(script);
  }

  // Downloads what the app still lacks of MNIST (all of it the first time).
  function loadDataset() {
    const bar = ui.databar.querySelector('.bar');
    const label = ui.databar.querySelector('.label');
    ui.databar.classList.add('shown');
    label.textContent = 'Downloading MNIST…';
    state.data.attempts++;
    window.digitlabData.loadMnist(window.Module, (received, total) => {
      Object.assign(state.data, {received, total});
      setBar(bar, received, total);
      label.textContent = total ? `Downloading MNIST… ${MB(received)} / ${MB(total)} MB` : 'Downloading MNIST…';
    })
      .then(() => {
        state.data.done = true;
        state.data.problems = [];
        ui.databar.classList.remove('shown');
      })
      .catch(dataProblem);
  }

  // The card again, over the running app: which files failed and why, and a Retry button that
  // downloads just those (what arrived stays with the app; no reload).
  function dataProblem(e) {
    if (state.phase === 'error') return;
    const problems = e.problems || [{file: 'MNIST', why: e.message || String(e)}];
    state.phase = 'data-error';
    state.data.problems = problems;
    const lines = problems.map(p => `• ${p.file}: ${p.why}.`);
    const many = problems.length > 1;
    state.error = `Could not load the MNIST dataset. ${lines.join(' ')}`;
    console.error(`digitlab: ${state.error}`);
    ui.databar.classList.remove('shown');
    ui.progress.style.display = 'none';
    ui.message.style.display = 'none';
    ui.problem.textContent = `Could not load the MNIST dataset.\n\n${lines.join('\n')}\n\n` +
      `Retry downloads ${many ? 'these files' : 'this file'} again; the files that did arrive are kept, ` +
      'and so is everything on the page.';
    ui.problem.classList.add('shown');
    ui.retry.hidden = false;
    ui.loader.classList.remove('hidden');
    ui.retry.focus();
  }

  ui.retry.addEventListener('click', () => {
    if (state.phase !== 'data-error') return;
    state.phase = 'running';
    state.error = null;
    ui.retry.hidden = true;
    ui.problem.classList.remove('shown');
    ui.loader.classList.add('hidden');
    ui.canvas.focus();
    loadDataset();
  });

  async function main() {
    if (await waitForService() === 'reloading') {
      say('Enabling cross-origin isolation (the page reloads once)…');
      return;
    }
    const missing = missingFeatures();
    if (missing.length) {
      fail('This browser cannot run digitlab yet.', missing.join('\n\n'));
      return;
    }
    startRuntime();
  }

  main();
})();
