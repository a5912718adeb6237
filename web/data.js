// Downloads with byte progress, and the MNIST hand-off to the WASM app: the gzipped IDX files are
// fetched, checked and inflated by DecompressionStream('gzip') straight into the WASM heap, one call
// per file. A failed file is named with the reason, and loading again fetches only what is missing.
'use strict';

window.digitlabData = (() => {
  // Sent in this order; the app may start parsing as soon as the training files are in.
  const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte',
                       't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

  // What went wrong with one file, in words the page shows: `${file}: ${why}`.
  class FileProblem extends Error {
    constructor(file, why) {
      super(`${file}: ${why}`);
      this.file = file;
      this.why = why;
    }
  }

  // "14.4 kB", "9.9 MB": sizes as a student reads them.
  const size = bytes => (bytes < 1e5 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);
  const reason = e => ((e && e.message) || String(e)).replace(/\.$/, '');

  // Fetches `url` chunk by chunk, calling onProgress(receivedBytes, totalBytesOr0). Every failure
  // (no answer, an HTTP error, a connection that breaks off) is a FileProblem naming the file.
  async function fetchBytes(url, onProgress, {reload = false} = {}) {
    const file = url.split('/').pop();
    let response;
    try {
      // reload: past every cache (a retry after a damaged copy), the service worker's too.
      response = await fetch(url, reload ? {cache: 'reload'} : undefined);
    } catch (e) {
      throw new FileProblem(file, `the download did not start (${reason(e)}): the server may be down or the connection lost`);
    }
    if (!response.ok) {
      throw new FileProblem(file, `the server answered HTTP ${response.status}` +
                                  (response.statusText ? ` (${response.statusText})` : ''));
    }
    // With on-the-fly compression Content-Length counts encoded bytes, the body decoded ones.
    const encoding = response.headers.get('Content-Encoding');
    const total = encoding && encoding !== 'identity' ? 0 : Number(response.headers.get('Content-Length')) || 0;
    const of = total ? ` of ${size(total)}` : '';
    const brokeOff = (received, e) => new FileProblem(file, `the download broke off ` +
      (received ? `after ${size(received)}${of}` : 'before any of it arrived') + ` (${reason(e)})`);
    if (!response.body) {
      let bytes;
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (e) {
        throw brokeOff(0, e);
      }
      onProgress(bytes.length, bytes.length);
      return bytes;
    }
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw brokeOff(received, e);
      }
      if (chunk.done) break;
      chunks.push(chunk.value);
      received += chunk.value.length;
      onProgress(received, total);
    }
    if (total && received !== total) throw brokeOff(received, new Error(`${received} of ${total} bytes arrived`));
    const bytes = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  }

  // The WASM heap as bytes. It grows (on any thread), which leaves older views short: take a view
  // of the memory as it is now whenever the runtime's own is stale.
  function heapU8(Module) {
    const buffer = Module.wasmMemory.buffer;
    return Module.HEAPU8.buffer === buffer ? Module.HEAPU8 : new Uint8Array(buffer);
  }

  // IDX element sizes by type code (the third byte of the magic number).
  const IDX_ELEMENT_BYTES = {0x08: 1, 0x09: 1, 0x0B: 2, 0x0C: 4, 0x0D: 4, 0x0E: 8};
  // Far above MNIST's largest file (47 MB): a header asking for more is damaged, not big.
  const MAX_IDX_BYTES = 256e6;

  // The size an IDX file must have, read from its header (0, 0, type, rank, then rank big-endian
  // 32-bit sizes); 0 when `head` is too short to tell; a string saying why when it is no IDX header.
  function idxSize(head) {
    if (head.length < 4) return 0;
    const elementBytes = IDX_ELEMENT_BYTES[head[2]];
    const rank = head[3];
    if (head[0] !== 0 || head[1] !== 0 || !elementBytes || rank < 1 || rank > 4) return 'it is not an IDX file';
    const headerBytes = 4 + 4 * rank;
    if (head.length < headerBytes) return 0;
    let bytes = elementBytes;
    for (let i = 0; i < rank; ++i) bytes *= new DataView(head.buffer, head.byteOffset + 4 + 4 * i, 4).getUint32(0);
    bytes += headerBytes;
    return bytes > MAX_IDX_BYTES ? `its header asks for ${size(bytes)}, far more than any MNIST file` : bytes;
  }

  // Unpacks one downloaded file (gzip, or IDX already decoded by the host) into a malloc'ed block
  // of the WASM heap; returns {ptr, size}. Nothing is allocated until the file's IDX header says
  // how big it is and the gzip trailer agrees, so a truncated or damaged download is named plainly
  // instead of asking for gigabytes. Throws a FileProblem.
  async function inflateIntoHeap(Module, file, gz) {
    const isGzip = gz.length >= 18 && gz[0] === 0x1f && gz[1] === 0x8b;
    if (!isGzip) {  // a host that decoded it for us
      const expected = idxSize(gz);
      if (expected !== gz.length) {
        throw new FileProblem(file, typeof expected === 'string' ? `${expected} (and not gzip either)`
                                  : `it is ${size(gz.length)}, but its IDX header says ${size(expected)}`);
      }
      const ptr = mallocOrThrow(Module, file, gz.length);
      heapU8(Module).set(gz, ptr);
      return {ptr, size: gz.length};
    }
    // The gzip trailer ends with the inflated size mod 2^32 (RFC 1952): it must match the header,
    // so the block is allocated once and the inflated bytes never sit in a JS copy.
    const n = gz.length;
    const trailerSize = (gz[n - 4] | gz[n - 3] << 8 | gz[n - 2] << 16 | gz[n - 1] << 24) >>> 0;
    const reader = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
    const read = async () => {
      try {
        return await reader.read();
      } catch (e) {
        throw new FileProblem(file, `it arrived damaged or incomplete: it does not unpack (${reason(e)})`);
      }
    };
    let head = new Uint8Array(0);
    let expected = 0;
    while (!expected) {
      const {done, value} = await read();
      if (done) throw new FileProblem(file, `it unpacks to only ${head.length} bytes, too few for an IDX file`);
      const joined = new Uint8Array(head.length + value.length);
      joined.set(head);
      joined.set(value, head.length);
      head = joined;
      expected = idxSize(head);
      if (typeof expected === 'string') throw new FileProblem(file, `its content is not MNIST data: ${expected}`);
    }
    if (expected !== trailerSize) {
      reader.cancel().catch(() => {});
      throw new FileProblem(file, `it arrived damaged or incomplete: it should unpack to ${size(expected)}, ` +
                                  `but its gzip trailer says ${size(trailerSize)}`);
    }
    const ptr = mallocOrThrow(Module, file, expected);
    try {
      let offset = 0;
      for (let value = head; value; ) {
        if (offset + value.length > expected) {
          throw new FileProblem(file, `it arrived damaged: it unpacks to more than the ${size(expected)} its header says`);
        }
        heapU8(Module).set(value, ptr + offset);  // re-read each time: the heap may have grown
        offset += value.length;
        const next = await read();
        value = next.done ? null : next.value;
      }
      if (offset !== expected) {
        throw new FileProblem(file, `it arrived damaged: it unpacks to ${size(offset)}, its header says ${size(expected)}`);
      }
    } catch (e) {
      Module._free(ptr);
      throw e;
    }
    return {ptr, size: expected};
  }

  function mallocOrThrow(Module, file, bytes) {
    const ptr = Module._malloc(bytes);
    if (!ptr) throw new FileProblem(file, `there is not enough WebAssembly memory left for its ${size(bytes)}`);
    return ptr;
  }

  // One coarse call per file; C++ takes ownership of the block, the name is copied.
  function handOver(Module, name, ptr, size) {
    const length = Module.lengthBytesUTF8(name) + 1;
    const namePtr = mallocOrThrow(Module, name, length);
    Module.stringToUTF8(name, namePtr, length);
    try {
      Module._digitlab_set_dataset_file(namePtr, ptr, size);
    } finally {
      Module._free(namePtr);
    }
  }

  // Files already handed to the app (by prefix + name): a retry fetches only the others.
  const delivered = new Set();

  // Downloads data/<file>.gz for the MNIST files the app does not have yet, in parallel, reporting
  // combined progress as onProgress(receivedBytes, totalBytesOr0), then hands each one that
  // arrived whole to the app (as prefix + name: another dataset in MNIST's format). If any failed,
  // rejects with an Error whose `problems` lists them ({file, why}); calling it again retries
  // just those.
  // A file that failed (broke off, damaged) must not stay in the service worker's cache (sw.js),
  // or Retry would get the same bytes again: dropped from every digitlab cache.
  const attempted = new Set();  // files asked for before: a second try goes past the caches

  async function forgetCached(url) {
    if (typeof caches === 'undefined') return;
    try {
      const absolute = new URL(url, location.href).href;
      for (const name of await caches.keys())
        if (name.startsWith('digitlab-')) await (await caches.open(name)).delete(absolute);
    } catch (e) {
      // No cache to clean (a storage policy): nothing was kept either.
    }
  }

  async function loadMnist(Module, onProgress, base = 'data/', prefix = '') {
    const wanted = MNIST_FILES.filter(name => !delivered.has(prefix + name));
    const progress = wanted.map(() => ({received: 0, total: 0}));
    const report = () => {
      const received = progress.reduce((sum, p) => sum + p.received, 0);
      const total = progress.every(p => p.total > 0) ? progress.reduce((sum, p) => sum + p.total, 0) : 0;
      onProgress(received, total);
    };
    const downloads = await Promise.allSettled(wanted.map((name, i) =>
      fetchBytes(`${base}${name}.gz`, (received, total) => {
        progress[i] = {received, total};
        report();
      }, {reload: attempted.has(prefix + name)})));
    for (const name of wanted) attempted.add(prefix + name);
    const problems = [];
    const describe = (e, file) => (e instanceof FileProblem ? {file: e.file, why: e.why} : {file, why: reason(e)});
    for (let i = 0; i < wanted.length; ++i) {
      const file = `${wanted[i]}.gz`;
      if (downloads[i].status === 'rejected') {
        problems.push(describe(downloads[i].reason, file));
        await forgetCached(`${base}${file}`);
        continue;
      }
      try {
        const {ptr, size: bytes} = await inflateIntoHeap(Module, file, downloads[i].value);
        downloads[i] = null;  // let the compressed copy go
        handOver(Module, prefix + wanted[i], ptr, bytes);
        delivered.add(prefix + wanted[i]);
      } catch (e) {
        problems.push(describe(e, file));
        await forgetCached(`${base}${file}`);
      }
    }
    if (problems.length) {
      const error = new Error(problems.map(p => `${p.file}: ${p.why}`).join('\n'));
      error.problems = problems;
      throw error;
    }
  }

  // Another dataset in MNIST's format, asked for by the app (its files reach it as
  // "<slug>/<file>"); a failure is handed over as the message the app shows.
  async function loadDataset(Module, slug) {
    try {
      await loadMnist(Module, () => {}, `data/${slug}/`, `${slug}/`);
    } catch (e) {
      const text = `${slug}: ${e.message || e}`;
      const length = Module.lengthBytesUTF8(text) + 1;
      const ptr = mallocOrThrow(Module, `${slug} message`, length);
      Module.stringToUTF8(text, ptr, length);
      Module._digitlab_dataset_failed(ptr);
      Module._free(ptr);
    }
  }

  return {fetchBytes, loadMnist, loadDataset, heapU8, MNIST_FILES};
})();
