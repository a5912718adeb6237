// The page's accessible layer: real, visually hidden DOM controls and texts kept in step with the
// app (src/app/access.cpp publishes a JSON document when it changes), so a screen reader finds
// every main control, reads what the canvas shows, and hears progress in a live region. A control's
// action goes back to the app as the same named command its ImGui widget runs.
'use strict';

window.digitlabAccess = (() => {
  const root = document.getElementById('access');
  const polite = document.getElementById('announce');
  const alert = document.getElementById('alert');
  const elements = new Map();  // item or section id -> its element (the wrapper for labelled controls)

  function send(line) {
    const Module = window.Module;
    if (!Module || !Module._digitlab_command) return;
    const size = Module.lengthBytesUTF8(line) + 1;
    const ptr = Module._malloc(size);
    if (!ptr) return;
    Module.stringToUTF8(line, ptr, size);
    Module._digitlab_command(ptr);
    Module._free(ptr);
  }

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
        control.addEventListener('click', () => send(item.command));
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
      case 'number': {
        wrap = document.createElement('div');
        const label = document.createElement('label');
        label.htmlFor = id;
        control = document.createElement(item.kind === 'select' ? 'select' : 'input');
        if (item.kind !== 'select') control.type = item.kind;
        control.id = id;
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
    if (control && item.kind !== 'button') {
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
        set(wrap, 'disabled', !!item.disabled);
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
              attr(el, 'role', 'tab');
              el.addEventListener('click', () => send(`${wrap.item.command} ${el.dataset.value}`));
            } else {
              el = document.createElement('label');
              const input = document.createElement('input');
              input.type = 'radio';
              input.name = `access-${item.id}`;
              input.addEventListener('change', () => { if (input.checked) send(`${wrap.item.command} ${input.value}`); });
              el.append(input, document.createTextNode(''));
            }
            wrap.appendChild(el);
          }
          el.dataset.value = o.value;
          if (tabs) {
            set(el, 'textContent', o.label);
            attr(el, 'aria-selected', o.checked ? 'true' : 'false');
            attr(el, 'tabindex', o.checked ? '0' : '-1');
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

  return {publish, announce, send};
})();
