// The began dashboard: run list from /api/runs (polled), charts from /api/runs/{id}/metrics, then live points from
// the server-sent events of /api/metrics/stream; the evaluator's failed background jobs from /api/jobs (what
// /q/health/well reports, always with 200: the page's console stays free of errors while a job has failed).
'use strict';

const charts = {};
let selected = null;
let runs = [];

function fmt(x, digits) {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits);
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

function stateBadge(state) {
  const kind = { RUNNING: 'ok', FINISHED: 'ok', QUEUED: '', STOPPED: 'warn', FAILED: 'bad' }[state] ?? '';
  return `<span class="badge ${kind}">${state ?? '?'}</span>`;
}

function phaseBadge(phase) {
  const kind = { CONVERGING: 'ok', PLATEAU: 'warn', DIVERGING: 'bad' }[phase] ?? '';
  return phase ? `<span class="badge ${kind}">${phase.toLowerCase().replace('_', ' ')}</span>` : '–';
}

function progress(run) {
  if (!run.steps) return `${run.step}`;
  const pct = Math.min(100, 100 * run.step / run.steps);
  return `<span class="bar"><span style="width:${pct}%"></span></span> ${run.step}/${run.steps}`;
}

function renderRuns() {
  const body = document.getElementById('run-rows');
  if (runs.length === 0) return;
  body.innerHTML = runs.map(r => `
    <tr data-run="${r.runId}" class="${r.runId === selected ? 'selected' : ''}">
      <td>${r.runId}</td><td>${stateBadge(r.state)}</td><td>${progress(r)}</td>
      <td>${fmt(r.stepsPerSecond, 2)}</td><td>${duration(r.etaSeconds)}</td>
      <td>${fmt(r.lastMetrics?.convergence, 4)}</td><td>${fmt(r.lastMetrics?.k, 5)}</td>
      <td>${phaseBadge(r.phase)}</td><td class="trainer">${escapeHtml(r.lastMetrics?.trainer ?? '–')}</td></tr>`).join('');
  body.querySelectorAll('tr[data-run]').forEach(tr => tr.onclick = () => select(tr.dataset.run));
  if (selected) renderDetailStatus();
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// classifiers the evaluator is preparing (one trains once per data set and image size, minutes on a CPU): scoring
// waits for them, so the page says what it waits for and how long it should take instead of looking stuck
let preparing = [];

function waitingText() {
  return preparing.length === 0 ? 'no checkpoint scored yet'
    : `no checkpoint scored yet: scoring waits for ${preparing.join('; ')}`;
}

// failed background jobs (a classifier that cannot be prepared, a run whose checkpoints cannot be scored): the page
// says so at the top, with the reason, instead of leaving a chart empty
async function refreshProblems() {
  let problems = [];
  try {
    const response = await fetch('api/jobs');
    const jobs = await response.json();
    problems = jobs.filter(j => j.state === 'FAILED').map(j => `${j.job}: ${j.detail ?? ''}`);
    preparing = jobs.filter(j => j.state === 'RUNNING' && j.job.startsWith('classifier '))
      .map(j => `${j.job} (${j.detail ?? 'preparing'})`);
  } catch (e) {
    problems = ['the evaluator does not answer (restarting?)'];
  }
  document.getElementById('problem-list').innerHTML = problems.map(p => `<li class="problem">${escapeHtml(p)}</li>`).join('');
  document.getElementById('problems').hidden = problems.length === 0;
  document.getElementById('preparing-list').innerHTML = preparing.map(p => `<li>${escapeHtml(p)}</li>`).join('');
  document.getElementById('preparing').hidden = preparing.length === 0;
  const waiting = document.getElementById('waiting-row');
  if (waiting) waiting.textContent = waitingText();
}

function renderDetailStatus() {
  const run = runs.find(r => r.runId === selected);
  if (!run) return;
  document.getElementById('detail-status').innerHTML =
    `${stateBadge(run.state)} step ${run.step}${run.steps ? ' of ' + run.steps : ''} · ${fmt(run.stepsPerSecond, 2)} steps/s`
    + ` · ETA ${duration(run.etaSeconds)} · newest checkpoint ${run.lastCheckpoint ?? '–'}`
    + (run.bestStep !== null && run.bestStep !== undefined ? ` · best FID ${fmt(run.bestFid, 2)} at step ${run.bestStep} (${generatorName(run.bestGenerator)})` : '')
    + (run.reason ? ` · <b>${run.reason}</b>` : '');
  document.getElementById('alerts').innerHTML = (run.alerts || [])
    .map(a => `<span class="badge bad">${a.toLowerCase().replaceAll('_', ' ')}</span>`).join('');
  const notScored = document.getElementById('not-scored');
  notScored.hidden = !run.notScored;
  notScored.textContent = run.notScored ? `not scored: ${run.notScored}` : '';
  const failures = run.failedEvaluations ?? [];
  const scored = `${run.lastEvaluation ? run.lastEvaluation.step : ''}|${failures.map(f => f.step + f.reason).join(',')}`;
  if (scored !== evaluatedStep) {
    evaluatedStep = scored;
    refreshEvaluations(run.runId, failures);
  }
  const img = document.getElementById('preview');
  if (run.lastCheckpoint !== null && run.lastCheckpoint !== undefined && img.dataset.step !== String(run.lastCheckpoint)) {
    img.src = `api/runs/${run.runId}/preview.png?step=${run.lastCheckpoint}`;
    img.dataset.step = String(run.lastCheckpoint);
    document.getElementById('preview-caption').textContent = `samples at checkpoint ${run.lastCheckpoint}`;
  }
  showDiscriminatorView(run);
}

// the discriminator's view of the newest checkpoint, requested only when its checkpoint event names one (a trainer
// from before the view writes none): the figure appears once the image has loaded and hides again if it cannot
function showDiscriminatorView(run) {
  const img = document.getElementById('discriminator');
  const figure = document.getElementById('discriminator-figure');
  if (!run.discriminatorView || run.lastCheckpoint === null || run.lastCheckpoint === undefined) {
    figure.hidden = true;
    img.dataset.step = '';
    img.removeAttribute('src'); // a load still under way for another run must not show it again
    return;
  }
  if (img.dataset.step === String(run.lastCheckpoint)) return;
  img.dataset.step = String(run.lastCheckpoint);
  img.src = `api/runs/${run.runId}/discriminator.png?step=${run.lastCheckpoint}`;
  document.getElementById('discriminator-caption').textContent = `the discriminator at checkpoint `
    + `${run.lastCheckpoint}: real x beside D(x) above, G(z) beside D(G(z)) below`;
}

let evaluatedStep = null;

function generatorName(generator) {
  return generator === 'ema' ? 'G_ema' : 'G';
}

// G's score, and G_ema's after a slash when the checkpoint has one
function pair(e, score, digits) {
  return fmt(e[score], digits) + (e.ema ? ` / ${fmt(e.ema[score], digits)}` : '');
}

// the run's best checkpoint, from the headers of /evaluations (absent before one is scored)
function bestOf(response) {
  const step = response.headers.get('X-Began-Best-Step');
  return step === null ? null : { step: Number(step), generator: response.headers.get('X-Began-Best-Generator'),
    fid: Number(response.headers.get('X-Began-Best-Fid')) };
}

function renderEvaluationRows(evaluations, failures, best) {
  const rows = [
    ...evaluations.map(e => {
      const isBest = best !== null && best.step === e.step;
      return { step: e.step, html: `<tr data-step="${e.step}" class="scored${isBest ? ' best' : ''}">`
        + `<td>${e.step}${isBest ? ` ★ ${generatorName(best.generator)}` : ''}</td>`
        + `<td>${pair(e, 'inceptionScore', 3)}</td><td>${pair(e, 'fid', 2)}</td><td>${pair(e, 'kid', 4)}</td>`
        + `<td>${fmt(e.precision, 3)}</td><td>${fmt(e.recall, 3)}</td><td>${fmt(e.density, 3)}</td>`
        + `<td>${fmt(e.coverage, 3)}</td><td>${e.n}</td><td>${fmt(e.seconds, 1)}</td></tr>` };
    }),
    ...failures.map(f => ({ step: f.step, html: `<tr data-step="${f.step}" class="failed"><td>${f.step}</td>`
      + `<td colspan="9">${escapeHtml(f.reason)}</td></tr>` }))
  ].sort((a, b) => a.step - b.step);
  document.getElementById('evaluation-rows').innerHTML = rows.length > 0 ? rows.map(r => r.html).join('')
    : `<tr><td id="waiting-row" colspan="10" class="muted">${escapeHtml(waitingText())}</td></tr>`;
  const line = document.getElementById('best-checkpoint');
  line.hidden = best === null;
  line.textContent = best === null ? '' : `best checkpoint: step ${best.step}, ${generatorName(best.generator)},`
    + ` FID ${fmt(best.fid, 2)} (the lowest FID of G and G_ema over every scored checkpoint; the sampler serves it`
    + ' as ?checkpoint=best)';
}

async function refreshEvaluations(runId, failures) {
  const response = await fetch(`api/runs/${runId}/evaluations`);
  if (!response.ok || selected !== runId) return;
  const evaluations = await response.json();
  renderEvaluationRows(evaluations, failures, bestOf(response));
  const chart = charts['chart-eval'];
  if (!chart) return;
  chart.data.datasets[0].data = evaluations.map(e => ({ x: e.step, y: e.inceptionScore }));
  chart.data.datasets[1].data = evaluations.map(e => ({ x: e.step, y: e.fid }));
  chart.data.datasets[2].data = evaluations.filter(e => e.ema).map(e => ({ x: e.step, y: e.ema.fid }));
  chart.update('none');
  document.getElementById('eval-figure').dataset.points = String(evaluations.length);
  const last = evaluations[evaluations.length - 1];
  if (!last) {
    // a run with no score yet must not keep the caption of the run shown before it
    document.getElementById('eval-caption').textContent = 'Inception Score of G, FID of G and G_ema per checkpoint';
  } else {
    document.getElementById('eval-caption').textContent =
      `Inception Score of G, FID of G and G_ema per checkpoint (${last.extractor}, N ${last.n}`
      + (last.generatorPrecision === 'bfloat16' ? ' generated in bfloat16' : '')
      + `; real data: IS ${fmt(last.realInceptionScore, 2)},`
      + ` train-vs-test FID ${fmt(last.realFid, 2)})`
      + (last.precision == null ? '' : `; step ${last.step}: precision ${fmt(last.precision, 3)},`
        + ` recall ${fmt(last.recall, 3)}, density ${fmt(last.density, 3)}, coverage ${fmt(last.coverage, 3)}`);
  }
}

function lineChart(id, datasets, logarithmic) {
  charts[id]?.destroy();
  charts[id] = new Chart(document.getElementById(id), {
    type: 'line',
    data: { datasets: datasets.map(d => ({ label: d.label, data: [], yAxisID: d.axis ?? 'y', borderWidth: 1.5,
      pointRadius: 0, borderColor: d.color, backgroundColor: d.color })) },
    options: {
      animation: false, parsing: false, normalized: true,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'step' } },
        y: { type: logarithmic ? 'logarithmic' : 'linear' },
        ...(datasets.some(d => d.axis === 'y2') ? { y2: { type: 'linear', position: 'right', grid: { drawOnChartArea: false } } } : {})
      },
      plugins: { legend: { display: datasets.length > 1 } }
    }
  });
}

const series = {
  'chart-m': [{ label: 'M_global', color: '#3f6fb5', value: m => m.convergence }],
  'chart-loss': [{ label: 'L(x)', color: '#2e7d32', value: m => m.lossReal },
                 { label: 'L(G(z))', color: '#c62828', value: m => m.lossGen }],
  'chart-k': [{ label: 'k_t', color: '#6a1b9a', value: m => m.k }],
  'chart-speed': [{ label: 'lr', color: '#ef6c00', value: m => m.lr },
                  { label: 'images/s', color: '#546e7a', axis: 'y2', value: m => m.imagesPerSecond }]
};
// FID of G stays the second series (the stack tests count its points)
const evaluationSeries = [{ label: 'Inception Score', color: '#2e7d32' }, { label: 'FID G', color: '#c62828', axis: 'y2' },
  { label: 'FID G_ema', color: '#ef6c00', axis: 'y2' }];

function addPoints(points) {
  for (const [id, list] of Object.entries(series)) {
    const chart = charts[id];
    if (!chart) continue;
    list.forEach((s, i) => {
      const data = chart.data.datasets[i].data;
      let sorted = true;
      for (const m of points) {
        const y = s.value(m);
        if (typeof y !== 'number' || !Number.isFinite(y)) continue;
        if (data.length > 0 && data[data.length - 1].x >= m.step) sorted = false;
        data.push({ x: m.step, y });
      }
      // a live point may arrive before the history it follows: keep the series ordered and one point per step
      if (!sorted) {
        data.sort((a, b) => a.x - b.x);
        for (let j = data.length - 1; j > 0; j--) if (data[j].x === data[j - 1].x) data.splice(j, 1);
      }
    });
    chart.update('none');
  }
}

async function select(runId) {
  selected = runId;
  if (!location.hash.startsWith('#sweep=')) history.replaceState(null, '', `#${runId}`);
  document.getElementById('detail').hidden = false;
  document.getElementById('detail-title').textContent = runId;
  document.getElementById('preview').dataset.step = '';
  document.getElementById('discriminator').dataset.step = '';
  document.getElementById('discriminator').removeAttribute('src');
  document.getElementById('discriminator-figure').hidden = true;
  for (const [id, list] of Object.entries(series)) lineChart(id, list, id === 'chart-m' || id === 'chart-loss');
  lineChart('chart-eval', evaluationSeries, false);
  charts['chart-eval'].data.datasets.forEach(d => { d.pointRadius = 3; });
  evaluatedStep = null;
  renderRuns();
  const response = await fetch(`api/runs/${runId}/metrics`);
  if (response.ok && selected === runId) addPoints(await response.json());
}

async function refreshRuns() {
  try {
    const response = await fetch('api/runs');
    if (response.ok) {
      runs = await response.json();
      renderRuns();
      const wanted = location.hash.startsWith('#sweep=') ? null : location.hash.slice(1);
      if (!selected && runs.length > 0) select(wanted || runs[0].runId);
    }
  } catch (e) { /* the evaluator restarts; the next poll will do */ }
}

function connect() {
  const badge = document.getElementById('connection');
  const source = new EventSource('api/metrics/stream');
  source.onopen = () => { badge.textContent = 'live'; badge.className = 'badge ok'; };
  source.onerror = () => { badge.textContent = 'reconnecting…'; badge.className = 'badge warn'; };
  source.onmessage = e => {
    const m = JSON.parse(e.data);
    if (m.runId === selected) addPoints([m]);
    const run = runs.find(r => r.runId === m.runId);
    if (run) { run.step = m.step; run.lastMetrics = m; }
  };
}

// sweeps: their runs compared side by side, from /api/sweeps (the evaluator groups runs by the sweep named in
// their began.runs status events); curves from each run's /metrics, refreshed while the sweep trains
const palette = ['#3f6fb5', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037', '#ad1457'];
let sweeps = [];
let selectedSweep = null;
let sweepCurvesAt = 0;

function values(run) {
  return Object.entries(run.values ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
}

function renderSweeps() {
  document.getElementById('sweeps').hidden = sweeps.length === 0;
  const body = document.getElementById('sweep-rows');
  body.innerHTML = sweeps.map(s => `
    <tr data-sweep="${s.sweepId}" class="${s.sweepId === selectedSweep ? 'selected' : ''}">
      <td>${s.sweepId}</td><td>${s.swept.join(', ')}</td><td>${s.runs.length}</td>
      <td>${s.finished}/${s.runs.length}</td><td>${s.bestByFid ?? '–'}</td></tr>`).join('');
  body.querySelectorAll('tr[data-sweep]').forEach(tr => tr.onclick = () => selectSweep(tr.dataset.sweep));
  if (selectedSweep) renderSweepDetail();
}

function renderSweepDetail() {
  const sweep = sweeps.find(s => s.sweepId === selectedSweep);
  if (!sweep) return;
  document.getElementById('sweep-detail').hidden = false;
  document.getElementById('sweep-title').textContent = `sweep ${sweep.sweepId}: ${sweep.swept.join(', ')}`;
  document.getElementById('sweep-head').innerHTML = `<tr><th>run</th>${sweep.swept.map(k => `<th>${escapeHtml(k)}</th>`).join('')}`
    + '<th>state</th><th>step</th><th>M_global</th><th>k_t</th><th>scored step</th><th>IS</th><th>FID</th>'
    + '<th>precision</th><th>recall</th><th>coverage</th></tr>';
  document.getElementById('sweep-run-rows').innerHTML = sweep.runs.map(r => {
    const e = r.lastEvaluation;
    return `<tr data-run="${r.runId}" class="${r.runId === sweep.bestByFid ? 'best' : ''}${e ? ' scored' : ''}">`
      + `<td>${r.runId}${r.runId === sweep.bestByFid ? ' ★ best FID' : ''}</td>`
      + sweep.swept.map(k => `<td>${escapeHtml(r.values[k])}</td>`).join('')
      + `<td>${stateBadge(r.state)}</td><td>${r.step}${r.steps ? '/' + r.steps : ''}</td>`
      + `<td>${fmt(r.convergence, 4)}</td><td>${fmt(r.k, 5)}</td><td>${e ? e.step : '–'}</td>`
      + `<td>${fmt(e?.inceptionScore, 3)}</td><td>${fmt(e?.fid, 2)}</td><td>${fmt(e?.precision, 3)}</td>`
      + `<td>${fmt(e?.recall, 3)}</td><td>${fmt(e?.coverage, 3)}</td></tr>`;
  }).join('');
  const grids = document.getElementById('sweep-grids');
  for (const r of sweep.runs) {
    let figure = grids.querySelector(`figure[data-run="${r.runId}"]`);
    if (!figure) {
      figure = document.createElement('figure');
      figure.dataset.run = r.runId;
      figure.innerHTML = '<figcaption></figcaption><img alt="no checkpoint yet">';
      grids.appendChild(figure);
    }
    figure.querySelector('figcaption').textContent = `${values(r)} · step ${r.lastCheckpoint ?? '–'}`;
    const img = figure.querySelector('img');
    if (r.lastCheckpoint !== null && r.lastCheckpoint !== undefined && img.dataset.step !== String(r.lastCheckpoint)) {
      img.src = `api/runs/${r.runId}/preview.png?step=${r.lastCheckpoint}`;
      img.dataset.step = String(r.lastCheckpoint);
    }
  }
  if (Date.now() - sweepCurvesAt > 10000) refreshSweepCurves(sweep);
}

async function refreshSweepCurves(sweep) {
  sweepCurvesAt = Date.now();
  const curves = await Promise.all(sweep.runs.map(async r => {
    const response = await fetch(`api/runs/${r.runId}/metrics`);
    return response.ok ? response.json() : [];
  }));
  if (selectedSweep !== sweep.sweepId) return;
  for (const [id, value] of [['sweep-chart-m', m => m.convergence], ['sweep-chart-k', m => m.k]]) {
    const chart = charts[id];
    chart.data.datasets = sweep.runs.map((r, i) => ({
      label: values(r) || r.runId, data: curves[i].map(m => ({ x: m.step, y: value(m) })),
      borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length],
      borderWidth: 1.5, pointRadius: 0 }));
    chart.update('none');
    document.getElementById(id).dataset.series = String(curves.filter(c => c.length > 0).length);
  }
}

function selectSweep(sweepId) {
  selectedSweep = sweepId;
  history.replaceState(null, '', `#sweep=${sweepId}`);
  document.getElementById('sweep-grids').innerHTML = '';
  lineChart('sweep-chart-m', [], true);
  lineChart('sweep-chart-k', [], false);
  charts['sweep-chart-m'].options.plugins.legend.display = true;
  charts['sweep-chart-k'].options.plugins.legend.display = true;
  sweepCurvesAt = 0;
  renderSweeps();
}

async function refreshSweeps() {
  try {
    const response = await fetch('api/sweeps');
    if (response.ok) {
      sweeps = await response.json();
      const wanted = location.hash.startsWith('#sweep=') ? location.hash.slice(7) : null;
      if (!selectedSweep && wanted && sweeps.some(s => s.sweepId === wanted)) {
        selectSweep(wanted);
      } else {
        renderSweeps();
      }
    }
  } catch (e) { /* the evaluator restarts; the next poll will do */ }
}

const discriminatorImage = document.getElementById('discriminator');
discriminatorImage.onload = () => { document.getElementById('discriminator-figure').hidden = false; };
discriminatorImage.onerror = () => { document.getElementById('discriminator-figure').hidden = true; };

refreshRuns();
refreshProblems();
refreshSweeps();
setInterval(refreshSweeps, 3000);
setInterval(refreshRuns, 3000);
setInterval(refreshProblems, 3000);
connect();
