// Downloads with byte progress, and the MNIST hand-off to the WASM app: the gzipped IDX files are
// fetched, inflated by DecompressionStream('gzip') straight into the WASM heap, one call per file.
'use strict';

window.digitlabData = (() => {
  // Sent in this order; the app may start parsing as soon as the training files are in.
  const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte',
                       't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

  // Fetches `url` chunk by chunk, calling onProgress(receivedBytes, totalBytesOr0).
  async function fetchBytes(url, onProgress) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
    // With on-the-fly compression Content-Length counts encoded bytes, the body decoded ones.
    const encoding = response.headers.get('Content-Encoding');
    const total = encoding && encoding !== 'identity' ? 0 : Number(response.headers.get('Content-Length')) || 0;
    if (!response.body) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      onProgress(bytes.length, bytes.length);
      return bytes;
    }
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress(received, total);
    }
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

  // Inflates gzip bytes into a malloc'ed block of the WASM heap; returns {ptr, size}.
  async function inflateIntoHeap(Module, gz) {
    const isGzip = gz.length >= 18 && gz[0] === 0x1f && gz[1] === 0x8b;
    if (!isGzip) {  // a host that decoded it for us
      const ptr = mallocOrThrow(Module, gz.length);
      heapU8(Module).set(gz, ptr);
      return {ptr, size: gz.length};
    }
    // The gzip trailer ends with the inflated size mod 2^32 (RFC 1952), so the block is allocated
    // once and the inflated bytes never sit in a JS copy.
    const n = gz.length;
    const size = (gz[n - 4] | gz[n - 3] << 8 | gz[n - 2] << 16 | gz[n - 1] << 24) >>> 0;
    const ptr = mallocOrThrow(Module, size);
    try {
      const reader = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
      let offset = 0;
      for (;;) {
        const {done, value} = await reader.read();
        if (done) break;
        if (offset + value.length > size) throw new Error('inflates to more bytes than its gzip trailer says');
        heapU8(Module).set(value, ptr + offset);  // re-read each time: the heap may have grown
        offset += value.length;
      }
      if (offset !== size) throw new Error(`inflated ${offset} bytes, gzip trailer says ${size}`);
    } catch (e) {
      Module._free(ptr);
      throw e;
    }
    return {ptr, size};
  }

  function mallocOrThrow(Module, size) {
    const ptr = Module._malloc(size);
    if (!ptr) throw new Error(`out of WebAssembly memory for ${size} bytes`);
    return ptr;
  }

  // One coarse call per file; C++ takes ownership of the block, the name is copied.
  function handOver(Module, name, ptr, size) {
    const length = Module.lengthBytesUTF8(name) + 1;
    const namePtr = mallocOrThrow(Module, length);
    Module.stringToUTF8(name, namePtr, length);
    try {
      Module._digitlab_set_dataset_file(namePtr, ptr, size);
    } finally {
      Module._free(namePtr);
    }
  }

  // Downloads data/<file>.gz for the four MNIST files in parallel, reporting combined progress
  // as onProgress(receivedBytes, totalBytesOr0), then hands each file to the app.
  async function loadMnist(Module, onProgress, base = 'data/', prefix = '') {
    const progress = MNIST_FILES.map(() => ({received: 0, total: 0}));
    const report = () => {
      const received = progress.reduce((sum, p) => sum + p.received, 0);
      const total = progress.every(p => p.total > 0) ? progress.reduce((sum, p) => sum + p.total, 0) : 0;
      onProgress(received, total);
    };
    const downloads = await Promise.all(MNIST_FILES.map((name, i) =>
      fetchBytes(`${base}${name}.gz`, (received, total) => {
        progress[i] = {received, total};
        report();
      })));
    for (let i = 0; i < MNIST_FILES.length; ++i) {
      const {ptr, size} = await inflateIntoHeap(Module, downloads[i]);
      downloads[i] = null;  // let the compressed copy go
      handOver(Module, prefix + MNIST_FILES[i], ptr, size);
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
      const ptr = mallocOrThrow(Module, length);
      Module.stringToUTF8(text, ptr, length);
      Module._digitlab_dataset_failed(ptr);
      Module._free(ptr);
    }
  }

  return {fetchBytes, loadMnist, loadDataset, heapU8, MNIST_FILES};
})();
