// End-to-end test: a screen reader follows the keyboard. With the keyboard only (no mouse event at
// all), what the accessibility tree says is focused (CDP Accessibility.getFullAXTree, what a screen
// reader announces) is the control under ImGui's focus ring at every Tab: Tab reaches "Train", Enter
// starts the run and the live region reports val_acc; each kind of control announces its name, role
// and state; the order follows the panes as they stand; Tab past the last control leaves the canvas
// to the element after it and Shift+Tab comes back to the same control; Escape leaves too; the ring
// costs nothing while nothing changes.
// Usage: node tests/e2e/focus.test.mjs
import {assert, check, configure, countMouseEvents, openPage, runTest, sleep, status, waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

// What a screen reader says for the focused node: "name, role, state...". The value of a slider is its
// element's aria-valuetext (what NVDA, JAWS, VoiceOver and Orca read; CDP's tree reports the raw value).
async function announced(page, cdp) {
  const {nodes} = await cdp.send('Accessibility.getFullAXTree');
  const focused = nodes.filter(n => n.role && n.role.value !== 'RootWebArea')
                       .find(n => (n.properties || []).some(p => p.name === 'focused' && p.value.value));
  if (!focused) return {text: '(nothing)', name: '', role: ''};
  const props = Object.fromEntries((focused.properties || []).map(p => [p.name, p.value.value]));
  const name = focused.name ? focused.name.value : '';
  const role = focused.role.value;
  const valueText = await page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.getAttribute('aria-valuetext') : null;
  });
  const parts = [name, role];
  if (props.checked !== undefined) parts.push(props.checked === 'true' ? 'checked' : 'not checked');
  if (props.selected !== undefined) parts.push(props.selected ? 'selected' : 'not selected');
  if (valueText !== null) parts.push(valueText);
  else if (focused.value && focused.value.value !== undefined && focused.value.value !== '') parts.push(String(focused.value.value));
  if (props.disabled) parts.push('unavailable');
  return {text: parts.join(', '), name, role, props};
}

async function press(page, key) {
  await page.keyboard.press(key);
  await waitFrames(page, 3);
}

runTest({options: {reducedMotion: 'reduce'}}, async ({page, url, errors}) => {
  await countMouseEvents(page);
  await openPage(page, url);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  await waitStatus(page, s => s.dataReady, null, 90000);

  // One walk with Tab from the start: each step's ring (app) and announcement (accessibility tree).
  const walk = [];
  await check('Tab by Tab, the focused accessible node is the control under the focus ring', async () => {
    for (let i = 0; i < 40; i++) {
      await press(page, 'Tab');
      const s = await status(page);
      const a = await announced(page, cdp);
      const rect = s.ring.label ? await page.evaluate(l => window.digitlab.itemRect(l), s.ring.label) : null;
      walk.push({ring: s.ring, said: a, rect});
      assert(s.ring.shown, `step ${i}: no ring`);
      // The element that took the focus stands for the ring's item: the same words (its own, or the
      // stand-in's named after the item).
      const expected = s.ring.name.toLowerCase();
      assert(a.name.toLowerCase().includes(expected) || expected.includes(a.name.toLowerCase().replace(/\.\.\.$/, '')) ||
             (await page.evaluate(() => document.activeElement.dataset.nav)) === s.ring.label,
             `step ${i}: ring on "${s.ring.label}" (${s.ring.name}) but "${a.text}" is announced`);
      if (s.ring.label === 'Train') break;
    }
    const last = walk[walk.length - 1];
    assert(last.ring.label === 'Train' && last.said.role === 'button' && /^Train, button/.test(last.said.text),
           `reached ${last.said.text}`);
    return `${walk.length} Tabs: ${walk.map(w => w.said.text).slice(0, 6).join(' | ')} ... ${last.said.text}`;
  });

  await check('each kind of control says its name, role and state', async () => {
    const said = walk.map(w => w.said.text);
    const find = re => said.find(t => re.test(t));
    const wanted = {
      button: /^Train, button$/,
      radio: /^MLP, radio, checked$/,
      slider: /^Learning rate, slider, 0\.001$/,
      select: /^Batch size, combobox, 64$/,
    };
    const found = Object.entries(wanted).map(([kind, re]) => [kind, find(re)]);
    const missing = found.filter(([, t]) => !t).map(([k]) => k);
    assert(missing.length === 0, `no ${missing.join(', ')} among: ${said.join(' | ')}`);
    return found.map(([k, t]) => `${k}: "${t}"`).join('; ');
  });

  await check('Enter on Train starts the run; the live region reports val_acc', async () => {
    await page.keyboard.press('Enter');
    await waitStatus(page, s => s.trainPhase === 'training' || s.trainPhase === 'validating', null, 10000);
    await page.waitForFunction(() => /val_acc \d/.test(document.getElementById('announce').textContent) ||
                                     /val_acc \d/.test(window.digitlab.status().lastAnnouncement), null, {timeout: 90000});
    const a = await announced(page, cdp);
    assert(/^Train, button/.test(a.text) && a.props.disabled, `after Enter the focus says "${a.text}"`);
    return `then "${a.text}"; heard "${(await status(page)).lastAnnouncement}"`;
  });

  await check('a tab and a number field announce themselves too (the Two runs view, the workbench tabs)', async () => {
    const said = [];
    for (let i = 0; i < 150; i++) {
      await press(page, 'Tab');
      const s = await status(page);
      said.push({label: s.ring.label, text: (await announced(page, cdp)).text});
      if (s.ring.label === 'view:Two runs') await press(page, 'Enter');  // the tab's view opens
      if (s.ring.label === 'compare:batch') break;
    }
    const tab = said.find(x => x.label.startsWith('view:'));
    const number = said.find(x => x.label === 'compare:batch');
    assert(tab && /, tab/.test(tab.text), `no tab among ${said.map(x => x.text).join(' | ')}`);
    assert(number && /^Run B's batch size, spinbutton, \d+$/.test(number.text),
           `compare:batch said "${number && number.text}" after ${said.map(x => x.label).join(',')}`);
    // The workbench's view tabs: the selected one says so.
    for (let i = 0; i < 40 && (await status(page)).ring.label !== 'tab:Draw'; i++) await press(page, 'Tab');
    const draw = await announced(page, cdp);
    assert(/^Draw, tab, selected$/.test(draw.text), `tab:Draw said "${draw.text}"`);
    return `"${tab.text}"; "${number.text}"; "${draw.text}"`;
  });

  await check('the ring goes pane by pane, each from top to bottom', async () => {
    const panes = walk.map(w => w.ring.window.split('/')[0]);
    assert(panes.every(p => p === 'Train'), `the walk to Train left the Train pane: ${panes.join(',')}`);
    let previous = null;
    for (const w of walk) {
      if (!w.rect) continue;
      if (previous && w.ring.window === previous.ring.window)
        assert(w.rect.y >= previous.rect.y - 2, `"${w.ring.label}" (y ${w.rect.y.toFixed(0)}) comes after "${previous.ring.label}" (y ${previous.rect.y.toFixed(0)})`);
      previous = w;
    }
    return `${walk.filter(w => w.rect).length} labelled stops in order`;
  });

  let lastControl = null;
  await check('Tab past the last control leaves the canvas for the element after it', async () => {
    let s = await status(page);
    for (let i = 0; i < 80 && !s.ring.last; i++) {
      await press(page, 'Tab');
      s = await status(page);
    }
    assert(s.ring.last, `no last control after 80 Tabs (ring on ${s.ring.label})`);
    lastControl = s.ring.label;
    await press(page, 'Tab');
    const active = await page.evaluate(() => document.activeElement.id);
    assert(active === 'after-app', `focus on "${active}"`);
    const a = await announced(page, cdp);
    const after = await status(page);
    assert(!after.ring.shown, 'the ring still shows while the focus is outside');
    return `last "${lastControl}", then "${a.text}"`;
  });

  await check('Shift+Tab comes back to the same control', async () => {
    await press(page, 'Shift+Tab');
    await waitStatus(page, s => s.ring.shown, null, 5000);
    await waitFrames(page, 2);
    const s = await status(page);
    const a = await announced(page, cdp);
    assert(s.ring.label === lastControl, `back on "${s.ring.label}", not "${lastControl}"`);
    assert(a.name.toLowerCase().includes(s.ring.name.toLowerCase()), `"${a.text}" announced`);
    return a.text;
  });

  await check('Escape with nothing to close leaves the canvas too', async () => {
    await press(page, 'Escape');
    const active = await page.evaluate(() => document.activeElement.id);
    assert(active === 'after-app', `focus on "${active}"`);
    await press(page, 'Shift+Tab');
    await waitStatus(page, s => s.ring.shown, null, 5000);
    return `and back on "${(await status(page)).ring.label}"`;
  });

  // A number field's element edits it itself, so its keys stop there; Shift must not (the app lost it,
  // and Shift+Tab from the field went forward to its "-" button, back and forth).
  await check('Shift+Tab from a number field the page edits goes back, not forward to its step button', async () => {
    for (let i = 0; i < 2 && !(await status(page)).ring.window.startsWith('Train'); i++) await press(page, 'F6');
    const onField = () => page.evaluate(() => window.digitlab.status().ring.label === 'compare:batch' &&
                                              document.activeElement.dataset.nav === 'compare:batch');
    for (let i = 0; i < 40 && !(await onField()); i++) await press(page, 'Shift+Tab');
    assert(await onField(), `never on Run B's batch size (on ${(await status(page)).ring.label})`);
    await waitFrames(page, 5);  // the element has the focus and ImGui no longer edits the field
    const before = await announced(page, cdp);
    await press(page, 'Shift+Tab');
    const s = await waitStatus(page, s => s.ring.label !== 'compare:batch', null, 5000);
    assert(s.ring.label === 'compare:lr', `Shift+Tab from the batch size went to "${s.ring.label}"`);
    return `from "${before.text}" back to "${(await announced(page, cdp)).text}"`;
  });

  await check('the focus in the layer costs nothing while nothing changes', async () => {
    // F6 moves the ring between the panes: to the Train pane, then back up to its Pause.
    for (let i = 0; i < 2 && !(await status(page)).ring.window.startsWith('Train'); i++) await press(page, 'F6');
    const path = [];
    for (let i = 0; i < 80 && (await status(page)).ring.label !== 'Pause'; i++) {
      await press(page, 'Shift+Tab');
      const r = (await status(page)).ring;
      path.push(r.label + (r.editing ? ' (editing)' : '') + '/' + (await page.evaluate(() => document.activeElement.dataset.nav || document.activeElement.id || document.activeElement.className)));
    }
    const ring = (await status(page)).ring;
    assert(ring.label === 'Pause', `Shift+Tab after F6 never reached Pause (on ${ring.label}): ${path.join(' ')}`);
    await page.keyboard.press('Enter');
    await waitStatus(page, s => s.trainPhase === 'paused', null, 10000);
    await sleep(1500);
    const before = await status(page);
    await sleep(2000);
    const after = await status(page);
    assert(after.accessUpdates === before.accessUpdates, `${after.accessUpdates - before.accessUpdates} DOM updates`);
    assert(after.ringUpdates === before.ringUpdates, `${after.ringUpdates - before.ringUpdates} ring updates`);
    assert(after.framesDrawn - before.framesDrawn <= 2, `${after.framesDrawn - before.framesDrawn} repaints`);
    return `paused with Enter on Pause; 0 DOM updates, ${after.framesDrawn - before.framesDrawn} repaints in 2 s`;
  });

  await check('no mouse event reached the page, no console errors', async () => {
    const n = await page.evaluate(() => window.__mouseEvents);
    assert(n === 0, `${n} mouse events`);
    assert(errors.length === 0, errors.slice(0, 3).join(' | '));
  });
});
