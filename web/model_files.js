// Model files for the WASM app: a hidden file picker opened from the click itself, drag-and-drop of
// a file anywhere on the page, and downloads. A chosen file reaches C++ in one call (malloc'ed
// here, owned there); src/app/browser_files.cpp is the other side.
'use strict';

window.digitlabFiles = (() => {
  // A workshop model is 5-9 MB; anything far larger is not one, and the WASM heap is fixed.
  const MAX_BYTES = 64 * 1024 * 1024;

  let input = null;           // the hidden <input type=file>, made on first use
  const buttons = [];         // the picker buttons in ImGui display coordinates (null: none)
  let pressedOnButton = false;
  let lastOpened = -Infinity;  // performance.now() when the picker last opened
  let overlay = null;         // the drop hint shown while a file is dragged over the page

  function cString(Module, text) {
    const length = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(length);
    if (ptr) Module.stringToUTF8(text, ptr, length);
    return ptr;
  }

  // Copies the bytes into a malloc'ed block and hands it over; C++ frees it.
  function deliver(name, bytes, error) {
    const Module = window.Module;
    if (!Module || !Module._digitlab_receive_model_file) return;  // the app has not started yet
    let ptr = 0;
    if (!error && bytes.length > 0) {
      ptr = Module._malloc(bytes.length);
      if (ptr) window.digitlabData.heapU8(Module).set(bytes, ptr);
      else error = `there is not enough WebAssembly memory left for ${bytes.length} bytes`;
    }
    const namePtr = cString(Module, name);
    const errorPtr = cString(Module, error || '');
    try {
      Module._digitlab_receive_model_file(namePtr, ptr, ptr ? bytes.length : 0, errorPtr);
    } finally {
      Module._free(namePtr);
      Module._free(errorPtr);
    }
  }

  async function send(file) {
    if (file.size > MAX_BYTES) {
      deliver(file.name, null, `it is ${(file.size / 1e6).toFixed(0)} MB, far larger than a digitlab model ` +
                               `(a few MB), so it cannot be one`);
      return;
    }
    try {
      deliver(file.name, new Uint8Array(await file.arrayBuffer()), '');
    } catch (e) {
      deliver(file.name, null, `the browser could not read it (${e.message || e})`);
    }
  }

  function ensureInput() {
    if (input) return input;
    input = document.createElement('input');
    input.type = 'file';
    // Models (.safetensors) and the student's digits (two IDX files, which have no extension).
    input.multiple = true;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = Array.from(input.files || []);
      input.value = '';  // picking the same file again still fires 'change'
      files.forEach(send);
    });
    document.body.appendChild(input);
    return input;
  }

  function openPicker() {
    lastOpened = performance.now();
    ensureInput().click();
  }

  // ImGui reports the click a frame after it happened; the pointer handler below has normally
  // opened the picker already.
  function openPickerFromFrame() {
    if (performance.now() - lastOpened > 1000) openPicker();
  }

  function overButton(e) {
    const canvas = window.Module && window.Module.canvas;
    if (!canvas) return false;
    const box = canvas.getBoundingClientRect();
    return buttons.some(button => {
      if (!button) return false;
      const x = (e.clientX - box.left) * button.displayW / box.width;
      const y = (e.clientY - box.top) * button.displayH / box.height;
      return x >= button.x && x < button.x + button.w && y >= button.y && y < button.y + button.h;
    });
  }

  // The picker may only open inside a user gesture. A press and release on the button, seen here
  // as DOM events, is that gesture; ImGui's own handling comes a frame later, too late for some
  // browsers.
  const canvas = document.getElementById('canvas');
  canvas.addEventListener('pointerdown', e => { pressedOnButton = e.button === 0 && overButton(e); });
  canvas.addEventListener('click', e => {
    if (pressedOnButton && e.button === 0 && overButton(e)) openPicker();
    pressedOnButton = false;
  });

  function showOverlay(shown) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.textContent = 'Drop a .safetensors model to load it, or your digits\' two IDX files to import them';
      overlay.setAttribute('aria-hidden', 'true');
      Object.assign(overlay.style, {
        position: 'fixed', inset: '12px', zIndex: 3, display: 'none', pointerEvents: 'none',
        alignItems: 'center', justifyContent: 'center', border: '3px dashed #4f8ff7',
        borderRadius: '12px', background: 'rgba(23, 25, 30, .75)', color: '#dde1e8',
        font: '600 20px system-ui, sans-serif',
      });
      document.body.appendChild(overlay);
    }
    overlay.style.display = shown ? 'flex' : 'none';
  }

  const carriesFiles = e => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  window.addEventListener('dragover', e => {
    if (!carriesFiles(e)) return;
    e.preventDefault();  // allows the drop
    e.dataTransfer.dropEffect = 'copy';
    showOverlay(true);
  });
  window.addEventListener('dragleave', e => {
    if (!e.relatedTarget) showOverlay(false);  // left the window, not just moved between elements
  });
  window.addEventListener('drop', e => {
    if (!carriesFiles(e)) return;
    e.preventDefault();  // or the browser navigates to the file
    showOverlay(false);
    Array.from(e.dataTransfer.files).forEach(send);
  });

  function download(name, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], {type: 'application/octet-stream'}));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);  // after the download has surely started
  }

  return {
    download,
    openPickerFromFrame,
    setPickerButton: (which, rect) => { buttons[which] = rect; },
  };
})();
