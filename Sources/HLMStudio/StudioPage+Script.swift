extension StudioPage {
    /// The page's script: the model's state, the clicks that change it, and the API calls (each with the
    /// session's token from the page's URL in the `X-HLM-Token` header).
    static var script: String {
        #"""
        'use strict';
        const token = new URLSearchParams(location.search).get('token') || '';
        const $ = (id) => document.getElementById(id);
        const state = { files: [], level1: null, level2: null, level3: null, outcome: null, intercept1: true,
          predictors: [], equations: {}, equations3: {}, sigma2: [], selected: 'INTRCPT1', selected3: 'INTRCPT1/INTRCPT2',
          fitting: false };

        async function api(path, body) {
          const response = await fetch(path, { method: body === undefined ? 'GET' : 'POST',
            headers: { 'X-HLM-Token': token, 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body) });
          const data = await response.json().catch(() => ({ error: response.statusText }));
          if (!response.ok) { const e = new Error(data.error || response.statusText); e.status = response.status; throw e; }
          return data;
        }
        function element(tag, attributes, ...children) {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attributes || {})) {
            if (key.startsWith('on')) node.addEventListener(key.slice(2), value); else node.setAttribute(key, value);
          }
          for (const child of children) node.append(child);
          return node;
        }
        function status(text, isError) { $('status').textContent = text; $('status').className = isError ? 'error' : ''; }
        const format = (x) => x === undefined || x === null ? '' : Math.abs(x) >= 1e5 ? x.toExponential(3) : x.toFixed(3);
        const termText = (p) => p.centering === 'group' ? `group(${p.name})` : p.centering === 'grand' ? `grand(${p.name})` : p.name;
        const coefficients = () => (state.intercept1 ? ['INTRCPT1'] : []).concat(state.predictors.map((p) => p.name));

        const threeLevel = () => !!$('level3-id').value;
        const level2Terms = (name) => { const q = state.equations[name]; return (q.intercept2 ? ['INTRCPT2'] : []).concat(q.predictors.map((p) => p.name)); };
        const level3Keys = () => coefficients().flatMap((name) => level2Terms(name).map((q) => `${name}/${q}`));
        function level3Equation(key) {
          if (!state.equations3[key]) state.equations3[key] = { intercept3: true, random: key === 'INTRCPT1/INTRCPT2', predictors: [] };
          return state.equations3[key];
        }
        function equationTexts() {
          if (!state.outcome) return [];
          const level1 = `${state.outcome} = ` + ((state.intercept1 ? ['INTRCPT1'] : []).concat(state.predictors.map(termText)).join(' + ') || '0');
          return [level1].concat(coefficients().map((name) => {
            const q = state.equations[name];
            const terms = (q.intercept2 ? ['INTRCPT2'] : []).concat(q.predictors.map(termText), q.random ? ['random'] : []);
            return `${name} = ` + (terms.join(' + ') || '0');
          }), threeLevel() ? level3Keys().map((key) => {
            const b = level3Equation(key);
            const terms = (b.intercept3 ? ['INTRCPT3'] : []).concat(b.predictors.map(termText), b.random ? ['random'] : []);
            return `${key} = ` + (terms.join(' + ') || '0');
          }) : []);
        }
        function model() {
          const column = $('response-column').value || null, family = $('family').value;
          return { level1File: state.level1, level2File: state.level2, id: $('id-column').value || null,
            level3File: threeLevel() ? state.level3 : null, level3ID: $('level3-id').value || null,
            equations: equationTexts(), sigma2: state.sigma2.slice(),
            missingCodes: $('missing').value ? [$('missing').value] : [],
            settings: { method: $('method').value || null, maxIterations: parseInt($('max-iterations').value) || null,
              homogeneityTest: $('homvar').checked, family: family,
              trials: family === 'binomial' ? column : null, exposure: family === 'poisson' ? column : null,
              overdispersion: $('overdispersion').checked, estimation: $('estimation').value || null,
              quadraturePoints: parseInt($('quadrature-points').value) || null,
              level1Weight: $('weight1').value || null, level2Weight: $('weight2').value || null,
              title: $('title').value || null } };
        }

        function setOutcome(name) {
          state.outcome = name;
          state.predictors = state.predictors.filter((p) => p.name !== name);
          state.sigma2 = state.sigma2.filter((n) => n !== name);
          changed();
        }
        function addLevel1(name, centering) {
          if (name === state.outcome) return;
          const existing = state.predictors.find((p) => p.name === name);
          if (existing) existing.centering = centering;
          else { state.predictors.push({ name, centering }); state.equations[name] = { intercept2: true, random: false, predictors: [] }; }
          changed();
        }
        function removeLevel1(name) {
          state.predictors = state.predictors.filter((p) => p.name !== name);
          delete state.equations[name];
          if (state.selected === name) state.selected = coefficients()[0] || null;
          changed();
        }
        function addLevel2(name, centering) {
          const q = state.equations[state.selected];
          if (!q) { status('Select a level-2 equation first.', true); return; }
          const existing = q.predictors.find((p) => p.name === name);
          if (existing) existing.centering = centering; else q.predictors.push({ name, centering });
          changed();
        }
        function addLevel3(name, centering) {
          if (!threeLevel() || !level3Keys().includes(state.selected3)) { status('Choose a level-3 ID and select a level-3 equation first.', true); return; }
          const b = level3Equation(state.selected3);
          const existing = b.predictors.find((p) => p.name === name);
          if (existing) existing.centering = centering; else b.predictors.push({ name, centering });
          changed();
        }
        function toggleSigma2(name) {
          state.sigma2 = state.sigma2.includes(name) ? state.sigma2.filter((n) => n !== name) : state.sigma2.concat([name]);
          changed();
        }

        function variableTable(table, data, level) {
          table.replaceChildren(element('tr', {}, ...['Variable', 'N', 'Mean', 'SD', 'Min', 'Max', ''].map((h) => element('th', {}, h))));
          for (const v of data.variables) {
            const s = v.statistics || {}, name = v.name.toUpperCase();
            const isID = name === ($('id-column').value || '').toUpperCase() || name === ($('level3-id').value || '').toUpperCase();
            const button = (label, action, handler, on) => element('button', { 'data-action': action, 'data-variable': name,
              class: on ? 'on' : '', onclick: handler }, label);
            const actions = isID || !v.statistics ? [element('span', { class: 'muted' }, isID ? 'ID' : 'text')]
              : level === 1 ? [button('Outcome', 'outcome', () => setOutcome(name), state.outcome === name),
                  button('+', 'add', () => addLevel1(name, 'none')), button('+ group', 'add-group', () => addLevel1(name, 'group')),
                  button('+ grand', 'add-grand', () => addLevel1(name, 'grand')),
                  button('\u03c3\u00b2', 'sigma2', () => toggleSigma2(name), state.sigma2.includes(name))]
              : level === 2 ? [button('+', 'add', () => addLevel2(name, 'none')), button('+ grand', 'add-grand', () => addLevel2(name, 'grand'))]
              : [button('+', 'add', () => addLevel3(name, 'none')), button('+ grand', 'add-grand', () => addLevel3(name, 'grand'))];
            table.append(element('tr', { 'data-variable': name }, element('td', {}, v.name), element('td', {}, String(v.count)),
              element('td', {}, format(s.mean)), element('td', {}, format(s.standardDeviation)), element('td', {}, format(s.minimum)),
              element('td', {}, format(s.maximum)), element('td', { class: 'actions' }, ...actions)));
          }
        }
        function term(p, remove) {
          return element('span', { class: 'term' }, termText(p), ' ', element('button', { 'data-remove': p.name, onclick: (e) => { e.stopPropagation(); remove(); } }, '\u00d7'));
        }
        function renderModel() {
          const intercept = element('input', { type: 'checkbox', id: 'intercept1', onchange: (e) => { state.intercept1 = e.target.checked;
            if (state.intercept1 && !state.equations.INTRCPT1) state.equations.INTRCPT1 = { intercept2: true, random: true, predictors: [] }; changed(); } });
          intercept.checked = state.intercept1;
          $('level1-equation').replaceChildren(element('div', {}, element('b', {}, 'Level 1: '), `${state.outcome || '(outcome)'} = `,
            element('label', {}, intercept, ' INTRCPT1'), ...state.predictors.map((p) => term(p, () => removeLevel1(p.name)))));
          $('level2-equations').replaceChildren(...coefficients().map((name) => {
            const q = state.equations[name];
            const random = element('input', { type: 'checkbox', id: `random-${name}`, onclick: (e) => e.stopPropagation(), onchange: (e) => { q.random = e.target.checked; changed(); } });
            random.checked = q.random;
            const intercept2 = element('input', { type: 'checkbox', id: `intercept2-${name}`, onclick: (e) => e.stopPropagation(), onchange: (e) => { q.intercept2 = e.target.checked; changed(); } });
            intercept2.checked = q.intercept2;
            return element('div', { class: 'equation' + (state.selected === name ? ' selected' : ''), id: `equation-${name}`,
              onclick: () => { state.selected = name; render(); } }, element('b', {}, 'Level 2: '), `${name} = `,
              element('label', {}, intercept2, ' INTRCPT2'),
              ...q.predictors.map((p) => term(p, () => { q.predictors = q.predictors.filter((x) => x !== p); changed(); })),
              element('label', {}, random, ' random'));
          }));
          $('level3-equations').replaceChildren(...(threeLevel() ? level3Keys() : []).map((key) => {
            const b = level3Equation(key), id = key.replace('/', '-');
            const random = element('input', { type: 'checkbox', id: `random3-${id}`, onclick: (e) => e.stopPropagation(), onchange: (e) => { b.random = e.target.checked; changed(); } });
            random.checked = b.random;
            const intercept3 = element('input', { type: 'checkbox', id: `intercept3-${id}`, onclick: (e) => e.stopPropagation(), onchange: (e) => { b.intercept3 = e.target.checked; changed(); } });
            intercept3.checked = b.intercept3;
            return element('div', { class: 'equation' + (state.selected3 === key ? ' selected' : ''), id: `equation3-${id}`,
              onclick: () => { state.selected3 = key; render(); } }, element('b', {}, 'Level 3: '), `${key} = `,
              element('label', {}, intercept3, ' INTRCPT3'),
              ...b.predictors.map((p) => term(p, () => { b.predictors = b.predictors.filter((x) => x !== p); changed(); })),
              element('label', {}, random, ' random'));
          }));
          $('variance-model').replaceChildren(element('div', {}, element('b', {}, 'Level-1 variance: '),
            state.sigma2.length ? 'log \u03c3\u00b2 = \u03b1\u2080 + ' + state.sigma2.map((n, i) => `\u03b1${i + 1} ${n}`).join(' + ') : 'homogeneous \u03c3\u00b2'));
        }
        function render() {
          renderModel();
          if (state.level1Data) variableTable($('level1-variables'), state.level1Data, 1);
          if (state.level2Data) variableTable($('level2-variables'), state.level2Data, 2); else $('level2-variables').replaceChildren();
          $('level3-section').hidden = !threeLevel();
          const level3Data = state.level3Data || state.level1Data;
          if (threeLevel() && level3Data) variableTable($('level3-variables'), level3Data, 3); else $('level3-variables').replaceChildren();
          $('run').disabled = state.fitting || !state.outcome; $('cancel').disabled = !state.fitting;
        }
        async function changed() {
          if (!state.equations.INTRCPT1 && state.intercept1) state.equations.INTRCPT1 = { intercept2: true, random: true, predictors: [] };
          render();
          if (!state.outcome) return;
          try {
            const answer = await api('/api/model', model());
            $('notation').textContent = answer.notation.join('\n'); $('notation').className = '';
            $('command-file').textContent = answer.commandFile || answer.commandFileProblem;
          } catch (e) { $('notation').textContent = e.message; $('notation').className = 'error'; }
        }

        async function loadFile(which) {
          const name = $(`level${which}-file`).value || null;
          state[`level${which}`] = name;
          const key = `level${which}Data`;
          state[key] = null;
          if (name) {
            try { state[key] = await api('/api/variables?file=' + encodeURIComponent(name) + '&missing=' + encodeURIComponent($('missing').value)); }
            catch (e) { status(e.message, true); }
          }
          fillColumns();
          changed();
        }
        function fillColumns() {
          const names = (data) => data ? data.variables.map((v) => v.name.toUpperCase()) : [];
          const level1 = names(state.level1Data), level2 = names(state.level2Data);
          const ids = state.level2Data ? level1.filter((n) => level2.includes(n)) : level1;
          const previous = $('id-column').value;
          $('id-column').replaceChildren(...ids.map((n) => element('option', { value: n }, n)));
          $('id-column').value = ids.includes(previous) ? previous : ids.includes('ID') ? 'ID' : (ids[0] || '');
          const fill = (id, first, names) => { const previous = $(id).value;
            $(id).replaceChildren(element('option', { value: '' }, first), ...names.map((n) => element('option', { value: n }, n)));
            $(id).value = names.includes(previous) ? previous : ''; };
          fill('level3-id', '(two levels)', state.level3Data ? level1.filter((n) => names(state.level3Data).includes(n)) : level1);
          fill('weight1', '(none)', level1);
          fill('weight2', '(none)', state.level2Data ? level2 : level1);
          const column = $('response-column').value;
          $('response-column').replaceChildren(element('option', { value: '' }, '(none)'), ...level1.map((n) => element('option', { value: n }, n)));
          $('response-column').value = level1.includes(column) ? column : '';
        }
        async function run() {
          state.fitting = true; render(); status('Fitting\u2026');
          try {
            const result = await api('/api/fit', model());
            $('report').srcdoc = result.html; $('text-report').textContent = result.report;
            status('Fitted.');
          } catch (e) { status(e.message, true); }
          state.fitting = false; render();
        }
        async function save(replace) {
          try {
            const answer = await api('/api/save', { name: $('save-name').value, model: model(), replace });
            status('Saved ' + answer.written.join(', ') + (answer.note ? '. ' + answer.note : '.'));
          } catch (e) {
            if (e.status === 409 && !replace && confirm(e.message)) return save(true);
            status(e.message, true);
          }
        }

        async function start() {
          try {
            const folder = await api('/api/files');
            $('folder').textContent = 'folder: ' + folder.folder;
            const data = folder.files.filter((f) => f.kind === 'data').map((f) => f.name);
            $('level1-file').replaceChildren(element('option', { value: '' }, '(choose)'), ...data.map((n) => element('option', { value: n }, n)));
            $('level2-file').replaceChildren(element('option', { value: '' }, '(none)'), ...data.map((n) => element('option', { value: n }, n)));
            $('level3-file').replaceChildren(element('option', { value: '' }, '(none)'), ...data.map((n) => element('option', { value: n }, n)));
          } catch (e) { status(e.message, true); }
          $('level1-file').addEventListener('change', () => loadFile(1));
          $('level2-file').addEventListener('change', () => loadFile(2));
          $('level3-file').addEventListener('change', () => loadFile(3));
          $('missing').addEventListener('change', () => { loadFile(1); loadFile(2); loadFile(3); });
          for (const id of ['id-column', 'level3-id', 'quadrature-points', 'weight1', 'weight2', 'method', 'max-iterations', 'homvar', 'family', 'response-column', 'overdispersion', 'estimation', 'title'])
            $(id).addEventListener('change', changed);
          $('run').addEventListener('click', run);
          $('cancel').addEventListener('click', () => api('/api/cancel', {}).catch((e) => status(e.message, true)));
          $('save').addEventListener('click', () => save(false));
          changed();
        }
        start();
        """#
    }
}
