// The packaged site (tools/package, issue 19): the archive unpacked into a temporary folder and served
// by a plain static server with no isolation headers. The top-level page becomes cross-origin
// isolated through its service worker (one reload), downloads what a first visit downloads, and the
// real mouse trains; then, with the server stopped, a reload works offline and trains again.
// Usage: node tests/e2e/package.test.mjs   (needs the built site: it packs it with --no-build)
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {artifacts, assert, check, click as clickItem, collectErrors, configure, fail, finish, launchChromium, repo,
        requireSite, startServer, status, waitAnimationFrames, waitFor, waitStatus} from './lib.mjs';

configure({timed: true});
const click = (page, label) => clickItem(page, label, {settle: 1, wait: waitAnimationFrames});
const figures = {};

(async () => {
  requireSite();
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-package-'));
  let server = null, browser = null;
  try {
    let site = null;
    await check('tools/package writes dist/digitlab-<version>.zip with a README inside', async () => {
      const out = execFileSync(path.join(repo, 'tools/package'), ['--no-build'], {cwd: repo, encoding: 'utf8'});
      const match = out.match(/wrote (dist\/digitlab-([^ ]+)\.zip) \(([\d.]+) MB/);
      assert(match, out);
      figures.archiveMB = Number(match[3]);
      execFileSync('python3', ['-m', 'zipfile', '-e', path.join(repo, match[1]), unpacked]);
      site = path.join(unpacked, `digitlab-${match[2]}`);
      for (const file of ['README.txt', 'index.html', 'sw.js', 'manifest.webmanifest', 'digitlab.wasm',
                          'digitlab-relaxed.wasm', 'data/train-images-idx3-ubyte.gz'])
        assert(fs.existsSync(path.join(site, file)), `${file} missing from the archive`);
      const readme = fs.readFileSync(path.join(site, 'README.txt'), 'utf8');
      assert(/GitHub Pages/.test(readme) && /python3 -m http.server/.test(readme), 'README.txt lacks the hosting ways');
      return `${match[1]}, ${figures.archiveMB} MB`;
    });
    if (!site) return;

    server = await startServer(['--plain', '--count-bytes'], site);
    const url = server.url;
    browser = await launchChromium();
    const {page} = browser;
    const errors = collectErrors(page);

    await check('top level on a plain host: the service worker isolates the page (one reload); threads; MNIST', async () => {
      await page.goto(url);
      await waitFor(page, () => window.crossOriginIsolated && window.digitlab && window.digitlab.status().dataReady,
                    undefined, {timeout: 90000});
      const s = await status(page);
      assert(s.threadsAvailable === true && s.pthreadRan === true, `threads ${s.threadsAvailable}, pthread ${s.pthreadRan}`);
      const sent = await (await fetch(`${url}__bytes`)).json();
      figures.firstVisitMB = +(sent.bytes / 1e6).toFixed(2);
      figures.firstVisitRequests = sent.requests;
      // This server sends files as they are; a host that compresses (GitHub Pages, Netlify, nginx's
      // gzip) sends the module (and the scripts) gzipped: the datasets are gzip files already.
      const engine = await page.evaluate(() => window.digitlabShell.status().engine);
      const module = fs.readFileSync(path.join(site, `${engine}.wasm`));
      figures.moduleMB = +(module.length / 1e6).toFixed(2);
      figures.moduleGzipMB = +(zlib.gzipSync(module, {level: 9}).length / 1e6).toFixed(2);
      assert(sent.bytes <= 14.5e6, `the first visit downloaded ${figures.firstVisitMB} MB`);
      return `isolated after one reload; first visit ${figures.firstVisitMB} MB in ${sent.requests} requests ` +
             `(the module ${figures.moduleMB} MB, gzipped ${figures.moduleGzipMB} MB)`;
    });

    await check('the real mouse trains the MLP to val_acc 0.9 with threads', async () => {
      const clicked = Date.now();
      await click(page, 'Train');
      const s = await waitStatus(page, s => s.val_acc >= 0.9 || s.trainPhase === 'failed', null, 120000);
      assert(s.trainPhase !== 'failed', s.trainMessage);
      figures.secondsTo90 = (Date.now() - clicked) / 1000;
      await click(page, 'Pause');
      return `${figures.secondsTo90.toFixed(1)} s`;
    });

    await check('with the server stopped, a reload works offline: isolated, MNIST from the cache, and it trains', async () => {
      server.server.kill();
      await new Promise(resolve => server.server.once('exit', resolve));
      const reloaded = Date.now();
      await page.reload();
      await waitFor(page, () => window.digitlab && window.digitlab.status().frames > 0, undefined, {timeout: 30000});
      figures.offlineFirstFrameSeconds = (Date.now() - reloaded) / 1000;
      const s = await waitStatus(page, s => s.dataReady || s.dataError, null, 60000);
      assert(s.dataReady, `MNIST offline: ${s.dataError}`);
      assert(await page.evaluate(() => window.crossOriginIsolated), 'not isolated offline');
      await click(page, 'Train');
      const t = await waitStatus(page, s => s.val_acc >= 0.9 || s.trainPhase === 'failed', null, 120000);
      assert(t.trainPhase !== 'failed', t.trainMessage);
      await page.screenshot({path: path.join(artifacts, 'package-offline.png')});
      return `the page answered in ${figures.offlineFirstFrameSeconds.toFixed(1)} s; val_acc ${t.val_acc}`;
    });

    await check('installable: a manifest with 192 and 512 px icons, and a service worker in control', async () => {
      const m = await page.evaluate(async () => {
        const manifest = await (await fetch(document.querySelector('link[rel=manifest]').href)).json();
        return {manifest, controlled: !!navigator.serviceWorker.controller};
      });
      assert(m.controlled, 'no service worker controls the page');
      const sizes = m.manifest.icons.map(i => i.sizes);
      assert(sizes.includes('192x192') && sizes.includes('512x512') && m.manifest.start_url, JSON.stringify(m.manifest));
    });

    await check('no console errors', async () => {
      // Offline, the browser's own check for a newer service worker fails: not the page's error.
      const real = errors.filter(e => !/sw\.js|ERR_CONNECTION_REFUSED|Failed to fetch/.test(e));
      assert(real.length === 0, real.join(' | '));
    });
  } finally {
    if (browser) await browser.close();
    if (server) server.server.kill();
    fs.rmSync(unpacked, {recursive: true, force: true});
  }
  console.log('      measured:', JSON.stringify(figures));
  finish();
})().catch(e => fail(e.stack || e));
