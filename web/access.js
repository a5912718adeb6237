// The page's accessible layer: real, visually hidden DOM controls and texts kept in step with the
// app (src/app/access/access.cpp publishes a JSON document when it changes), so a screen reader finds
// every main control, reads what the canvas shows, and hears progress in a live region. A control's
// action goes back to the app as the same named command its ImGui widget runs.
// The DOM focus follows the keyboard's focus ring (src/app/access/focus_ring.h): the ring's item's element
// takes the focus, so a screen reader announces its name, role and state; an item with no element of
// its own is announced through one of two stand-ins. Keys reach the app (SDL listens on the window)
// except those the focused element handles itself. Tab past the ring's last stop, Shift+Tab before its
// first, or Escape with nothing to close, leave the canvas to the page around it.
'use strict';

window.digitlabAccess = (() => {
  const root = document.getElementById('access');
  const polite = document.getElementById('announce');
  const alert = document.getElementById('alert');
  const canvas = document.getElementById('canvas');
  const ringHolder = document.getElementById('ring');
  const afterApp = document.getElementById('after-app');
  const elements = new Map();  // item or section id -> its element (the wrapper for labelled controls)

  // Calls the app's exported function `name` with `text` as a C string, then the other arguments.
  function callWithText(name, text, ...rest) {
    const Module = window.Module;
    if (!Module || !Module[name]) return;
    const size = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(size);
    if (!ptr) return;
    Module.stringToUTF8(text, ptr, size);
    Module[name](ptr, ...rest);
    Module._free(ptr);
  }

  const send = line => callWithText('_digitlab_command', line);

  // Sets a property or attribute only when it differs, so an unchanged control is never touched.
  function set(el, key, value) {
    if (el[key] !== value) el[key] = value;
  }
  function attr(el, name, value) {
    const text = value === null || value === undefined ? null : String(value);
    if (el.getAttribute(name) !== text) text === null ? el.removeAttribute(name) : el.setAttribute(name, text);
  }

  // Two significant digits for a learning rate picked on a log scale, as the app's slider rounds.
  const fromScale = (item, v) => item.scale === 'log10' ? Number(Math.pow(10, Number(v)).toPrecision(2)) : Number(v);

  function create(item) {
    const id = `access-${item.id}`;
    let wrap, control;
    switch (item.kind) {
      case 'button':
        wrap = control = document.createElement('button');
        control.type = 'button';
        // aria-disabled, not disabled: a control that becomes unavailable while it has the focus (Train
        // once it runs) keeps the focus, so the student does not lose their place.
        control.addEventListener('click', () => {
          if (wrap.getAttribute('aria-disabled') !== 'true') send(wrap.item.command);
        });
        break;
      case 'text':
        wrap = document.createElement('p');
        break;
      case 'radiogroup':
        wrap = document.createElement('fieldset');
        wrap.appendChild(document.createElement('legend'));
        break;
      case 'tabs':
        wrap = document.createElement('div');
        attr(wrap, 'role', 'tablist');
        break;
      case 'select':
      case 'range':
      case 'number':
      case 'textfield': {
        wrap = document.createElement('div');
        const label = document.createElement('label');
        label.htmlFor = id;
        control = document.createElement(item.kind === 'select' ? 'select' : 'input');
        if (item.kind === 'textfield') {
          // An answer to type: a number with a decimal point or a minus, so the phone's decimal pad.
          control.type = 'text';
          control.inputMode = 'decimal';
          control.autocomplete = 'off';
        } else if (item.kind !== 'select') {
          control.type = item.kind;
        }
        control.id = id;
        control.tabIndex = -1;
        wrap.append(label, control);
        break;
      }
      case 'table': {
        wrap = document.createElement('table');
        wrap.append(document.createElement('caption'), document.createElement('thead'), document.createElement('tbody'));
        break;
      }
      default:
        wrap = document.createElement('div');
    }
    wrap.dataset.id = item.id;
    if (control) {
      // Out of the browser's own Tab order: Tab follows the ring's order (the panes as they look).
      control.tabIndex = -1;
      if (item.nav) control.dataset.nav = item.nav;
    }
    if (control && item.kind === 'textfield') {
      // Enter (or leaving the field) sends what was typed, as it was typed; the field empties for
      // another try.
      control.addEventListener('change', () => {
        if (control.value.trim() === '') return;
        send(`${wrap.item.command} ${control.value.trim()}`);
        control.value = '';
      });
    } else if (control && item.kind !== 'button') {
      control.addEventListener('change', () => {
        const value = item.kind === 'select' ? control.value : fromScale(wrap.item, control.value);
        send(`${wrap.item.command} ${value}`);
      });
    }
    return wrap;
  }

  function update(wrap, item) {
    wrap.item = item;
    switch (item.kind) {
      case 'button':
        set(wrap, 'textContent', item.label);
        attr(wrap, 'aria-disabled', item.disabled ? 'true' : null);
        break;
      case 'text':
        set(wrap, 'textContent', `${item.label}: ${item.text}`);
        break;
      case 'radiogroup':
      case 'tabs': {
        const tabs = item.kind === 'tabs';
        if (tabs) attr(wrap, 'aria-label', item.label);
        else set(wrap.firstChild, 'textContent', item.label);
        const options = Array.from(wrap.children).filter(c => c.tagName !== 'LEGEND');
        item.options.forEach((o, i) => {
          let el = options[i];
          if (!el) {
            if (tabs) {
              el = document.createElement('button');
              el.type = 'button';
              el.tabIndex = -1;
              attr(el, 'role', 'tab');
              el.addEventListener('click', () => send(`${wrap.item.command} ${el.dataset.value}`));
            } else {
              el = document.createElement('label');
              const input = document.createElement('input');
              input.type = 'radio';
              input.tabIndex = -1;
              input.name = `access-${item.id}`;
              input.addEventListener('change', () => { if (input.checked) send(`${wrap.item.command} ${input.value}`); });
              el.append(input, document.createTextNode(''));
            }
            wrap.appendChild(el);
          }
          el.dataset.value = o.value;
          if (o.nav) (tabs ? el : el.firstChild).dataset.nav = o.nav;
          if (tabs) {
            set(el, 'textContent', o.label);
            attr(el, 'aria-selected', o.checked ? 'true' : 'false');
          } else {
            const input = el.firstChild;
            set(input, 'value', o.value);
            set(input, 'checked', !!o.checked);
            set(input, 'disabled', !!item.disabled);
            set(el.lastChild, 'textContent', o.label);
          }
        });
        break;
      }
      case 'select': {
        set(wrap.firstChild, 'textContent', item.label);
        const select = wrap.lastChild;
        item.options.forEach((o, i) => {
          let option = select.options[i];
          if (!option) option = select.appendChild(document.createElement('option'));
          set(option, 'value', o.value);
          set(option, 'textContent', o.label);
          if (o.checked) set(select, 'value', o.value);
        });
        while (select.options.length > item.options.length) select.remove(select.options.length - 1);
        set(select, 'disabled', !!item.disabled);
        break;
      }
      case 'range':
      case 'number': {
        set(wrap.firstChild, 'textContent', item.label);
        const input = wrap.lastChild;
        attr(input, 'min', item.min);
        attr(input, 'max', item.max);
        if (item.step !== undefined) attr(input, 'step', item.step);
        if (document.activeElement !== input) set(input, 'value', String(item.value));
        if (item.valueText !== undefined) attr(input, 'aria-valuetext', item.valueText);
        set(input, 'disabled', !!item.disabled);
        break;
      }
      case 'textfield':
        set(wrap.firstChild, 'textContent', item.label);
        break;
      case 'table': {
        set(wrap.firstChild, 'textContent', item.label);
        const head = wrap.children[1], body = wrap.children[2];
        const key = JSON.stringify([item.header, item.rows]);
        if (wrap.dataset.key === key) break;
        wrap.dataset.key = key;
        head.replaceChildren(row(item.header, 'col', true));
        body.replaceChildren(...item.rows.map(r => row(r.cells, 'row', false)));
        break;
      }
    }
  }

  // A table row: the first cell a row header (or every cell a column header in the head).
  function row(cells, scope, header) {
    const tr = document.createElement('tr');
    cells.forEach((text, i) => {
      const cell = document.createElement(header || i === 0 ? 'th' : 'td');
      if (header || i === 0) cell.scope = header ? 'col' : 'row';
      cell.textContent = text;
      tr.appendChild(cell);
    });
    return tr;
  }

  function publish(json) {
    const doc = JSON.parse(json);
    const seen = new Set();
    for (const section of doc.sections) {
      const sid = `section:${section.id}`;
      seen.add(sid);
      let el = elements.get(sid);
      if (!el) {
        el = document.createElement('section');
        attr(el, 'aria-label', section.label);
        const heading = document.createElement('h2');
        heading.textContent = section.label;
        el.appendChild(heading);
        root.appendChild(el);
        elements.set(sid, el);
      }
      let previous = el.firstChild;  // the heading
      for (const item of section.items) {
        seen.add(item.id);
        let wrap = elements.get(item.id);
        if (!wrap || wrap.dataset.kind !== item.kind) {
          if (wrap) wrap.remove();
          wrap = create(item);
          wrap.dataset.kind = item.kind;
          elements.set(item.id, wrap);
        }
        if (previous.nextSibling !== wrap) previous.after(wrap);  // keep the document's order
        update(wrap, item);
        previous = wrap;
      }
    }
    for (const [id, el] of elements)
      if (!seen.has(id)) {
        if (el.contains(document.activeElement)) canvas.focus({preventScroll: true});  // not lost to the body
        el.remove();
        elements.delete(id);
      }
  }

  // A live region says what is put into it; the same words twice are re-announced by emptying first.
  function announce(text, isAlert) {
    const region = isAlert ? alert : polite;
    region.textContent = '';
    setTimeout(() => { region.textContent = text; }, 30);
  }

  // ---- The DOM focus and the keyboard's focus ring --------------------------------------------------

  let ring = {shown: false};  // the ring as the app last published it
  let following = false;      // the focus is being moved here, to the ring's item: not a request back
  let lastPointerDown = -1e9;
  let lastTabDown = -1e9;

  const focusRequest = (label, mode) => callWithText('_digitlab_focus', label, mode);

  // The page's part that belongs to the app: its canvas, the accessible layer and the stand-ins.
  const inApp = el => !!el && (el === canvas || root.contains(el) || ringHolder.contains(el));

  // An element that edits its value itself: its keys never reach the app, and ImGui stops editing.
  const editsItself = el => el.tagName === 'SELECT' || (el.tagName === 'INPUT' && el.type !== 'radio');

  // Two stand-ins for items with no element of their own, used in turn: moving the focus to the other
  // is a new focus, which a screen reader announces (a changed name on the focused element is not).
  const standIns = [0, 1].map(() => {
    const holder = document.createElement('div');
    const el = document.createElement('div');
    el.tabIndex = -1;
    el.className = 'stand-in';
    holder.appendChild(el);
    holder.hidden = true;
    ringHolder.appendChild(holder);
    el.addEventListener('blur', () => { holder.hidden = true; });
    return el;
  });
  let standInTurn = 0;

  function standInFor(r) {
    const el = standIns[standInTurn ^= 1];
    const holder = el.parentNode;
    attr(holder, 'role', r.role === 'tab' ? 'tablist' : null);  // a tab lives in a tab list
    attr(el, 'role', r.role);
    attr(el, 'aria-label', r.name || r.label);
    attr(el, 'aria-checked', r.role === 'checkbox' ? String(!!r.checked) : null);
    attr(el, 'aria-selected', r.role === 'tab' ? 'false' : null);
    holder.hidden = false;
    return el;
  }

  // The ring's item's element: the accessible control that stands for its widget, when it can take
  // the focus, else a stand-in named after the item.
  function elementFor(r) {
    for (const el of root.querySelectorAll('[data-nav]'))
      if (el.dataset.nav === r.label && !el.disabled) return el;
    return standInFor(r);
  }

  // The app published a moved (or hidden) ring: the DOM focus goes to its item, while the focus is
  // the app's at all (a student who left the canvas is not pulled back).
  function follow(json) {
    ring = JSON.parse(json);
    if (!ring.shown || !inApp(document.activeElement)) return;
    const current = document.activeElement;
    if (current && current.dataset && current.dataset.nav === ring.label && !current.classList.contains('stand-in')) return;
    const el = elementFor(ring);
    following = true;
    try {
      el.focus({preventScroll: true});
    } finally {
      following = false;
    }
    // ImGui may have started editing the item as Tab reached it; the element edits it instead.
    if (ring.editing && el.dataset.nav && editsItself(el)) focusRequest(el.dataset.nav, 1);
  }

  // The keys an element handles itself (they stop there); every other key goes on to the app. The
  // modifiers always go on: the app keeps its own Shift and Ctrl state (SDL counts presses), and a
  // Shift it never saw turned the Shift+Tab that leaves a field into a Tab.
  function handlesItself(el, e) {
    if (!el || el === canvas || el === document.body || el.classList.contains('stand-in')) return false;
    const key = e.key;
    if (key === 'Tab' || key === 'Escape' || /^F\d+$/.test(key)) return false;
    if (key === 'Shift' || key === 'Control' || key === 'Alt' || key === 'Meta') return false;
    if (el.tagName === 'INPUT' && el.type !== 'radio' && el.type !== 'range') return true;  // typing
    if (el.tagName === 'INPUT' && el.type === 'range')
      return /^(Arrow(Up|Down|Left|Right)|Home|End|PageUp|PageDown)$/.test(key);
    if (el.tagName === 'INPUT' && el.type === 'radio') return /^(Arrow(Up|Down|Left|Right)| )$/.test(key);
    if (el.tagName === 'SELECT')
      return /^(Arrow(Up|Down|Left|Right)|Home|End|PageUp|PageDown|Enter| )$/.test(key) || key.length === 1;
    if (el.tagName === 'BUTTON' || el.tagName === 'A') return key === 'Enter' || key === ' ';
    return false;
  }

  // Tab leaves the canvas past the ring's last stop (Shift+Tab before its first): the browser's own Tab
  // moves on from here, with the canvas out of its way going backwards until the focus has left.
  function leave(backward) {
    if (backward) {
      canvas.tabIndex = -1;
      setTimeout(() => { canvas.tabIndex = 0; }, 0);
    }
  }

  // Keys pressed outside the app (the page around it, the loading card) are none of the app's business.
  const outside = e => !inApp(e.target);

  document.addEventListener('keydown', e => {
    const t = e.target;
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) lastTabDown = performance.now();
    if (outside(e)) {
      e.stopPropagation();
      return;
    }
    if (inApp(t) && ring.shown) {
      if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey && !ring.editing &&
          (e.shiftKey ? ring.first : ring.last)) {
        e.stopPropagation();  // the app does not see it; the browser's Tab moves the focus on
        leave(e.shiftKey);
        return;
      }
      if (e.key === 'Escape' && ring.escapeLeaves && afterApp) {
        e.stopPropagation();
        e.preventDefault();
        afterApp.focus();
        return;
      }
    }
    if (handlesItself(t, e)) e.stopPropagation();
  });
  for (const type of ['keypress', 'keyup'])
    document.addEventListener(type, e => { if (outside(e) || handlesItself(e.target, e)) e.stopPropagation(); });
  // SDL keeps a press on the canvas from focusing it; the pointer's work is on the canvas, so its keys
  // (typing into a field there) must not stop at a control of the layer that had the focus.
  window.addEventListener('pointerdown', e => {
    lastPointerDown = performance.now();
    if (e.target === canvas && document.activeElement !== canvas) canvas.focus({preventScroll: true});
  }, true);

  // The focus came to an element of the layer by other means (a screen reader's cursor, a click): the
  // ring goes to its widget, so Tab goes on from there.
  document.addEventListener('focusin', e => {
    const t = e.target;
    if (following) return;
    if (t === canvas) {
      // Back on the canvas by Tab (not a click, not the page's own focus at start or after the graphics
      // came back): the ring shows again where it was, or at the near end of its order when it was
      // nowhere.
      const now = performance.now();
      if (now - lastPointerDown < 500 || now - lastTabDown > 500) return;
      const from = e.relatedTarget;
      const backward = !!from && !!(canvas.compareDocumentPosition(from) & Node.DOCUMENT_POSITION_FOLLOWING);
      // The ring shows (again) where it was: its item's element takes the focus (now, if the ring never
      // hid; else when the app publishes it shown).
      if (ring.shown) setTimeout(() => follow(JSON.stringify(ring)), 0);
      focusRequest('', backward ? 4 : 3);
      return;
    }
    if (t.dataset && t.dataset.nav && root.contains(t)) focusRequest(t.dataset.nav, editsItself(t) ? 1 : 0);
  });

  // The focus left the app: the ring hides (kept where it is, for the way back).
  document.addEventListener('focusout', e => {
    if (inApp(e.target) && e.relatedTarget && !inApp(e.relatedTarget) && ring.shown) focusRequest('', 5);
  });

  if (afterApp)
    afterApp.addEventListener('click', () => {
      send('help');
      canvas.focus();
      focusRequest('', 3);  // the ring shows where it was: the overlay's close button is a Tab away
    });

  return {publish, announce, send, follow};
})();
