// Channel Pulse live panel: no build step; uPlot is served from its WebJar.
(function () {
  'use strict';

  const SLA_SECONDS = 24 * 3600;
  const TEXT = {
    'zh-CN': {
      title: '渠道脉搏', login: '登录', logout: '退出', username: '用户名', password: '密码',
      myChannels: '我的渠道', back: '← 全部渠道', grafana: '在 Grafana 中打开', denied: '您无权查看此渠道。',
      revenue: '销售额', compliance: '价格合规率', response: '订单响应时间 (p50 / p95)', alerts: '告警',
      revenueToday: '今日销售额', unitsToday: '今日销量', lastWindow: '最近窗口销售额', complianceRate: '价格合规',
      responseP95: '响应 p95', slaBreaches: '今日超时订单', openAlerts: '未解决告警', disconnected: '连接中断，正在重试…',
      wrongLogin: '用户名或密码错误', lockedOut: '失败次数过多，请稍后再试', noData: '—', FIRING: '告警中', RESOLVED: '已恢复',
      planTitle: '渠道规划', closedMonth: '最近结账月份', salesShare: '销售占比', costShare: '费用占比', partner: '合作伙伴',
      tier: '等级', revenue12m: '近12个月销售额', roi: '投资回报率 (ROI)', lastTierChange: '最近等级变化', economicsAlerts: '未解决的规划告警',
      noPartners: '尚无已结账月份的分级', noPlanAlerts: '无', CORE: '核心', QUALITY: '优质', BASIC: '基础',
      INEFFICIENT_CHANNEL: '低效渠道', STORE_CLOSURE_CANDIDATE: '建议关闭门店', PARTNER_ROI_BELOW_ONE: '合作伙伴 ROI 低于 1'
    },
    en: {
      title: 'Channel Pulse', login: 'Log in', logout: 'Log out', username: 'Username', password: 'Password',
      myChannels: 'My channels', back: '← All channels', grafana: 'Open in Grafana', denied: 'You do not have access to this channel.',
      revenue: 'Revenue', compliance: 'Price compliance', response: 'Order response time (p50 / p95)', alerts: 'Alerts',
      revenueToday: 'Revenue today', unitsToday: 'Units today', lastWindow: 'Revenue, last window', complianceRate: 'Price compliance',
      responseP95: 'Response p95', slaBreaches: 'SLA breaches today', openAlerts: 'Open alerts', disconnected: 'Disconnected, retrying…',
      wrongLogin: 'Wrong username or password', lockedOut: 'Too many failed logins; try again later', noData: '—', FIRING: 'FIRING', RESOLVED: 'RESOLVED',
      planTitle: 'Channel plan', closedMonth: 'Last closed month', salesShare: 'Sales share', costShare: 'Cost share', partner: 'Partner',
      tier: 'Tier', revenue12m: '12-month revenue', roi: 'ROI', lastTierChange: 'Last tier change', economicsAlerts: 'Open plan alerts',
      noPartners: 'No tiers yet: no month has closed', noPlanAlerts: 'None', CORE: 'Core', QUALITY: 'Quality', BASIC: 'Basic',
      INEFFICIENT_CHANNEL: 'Inefficient channel', STORE_CLOSURE_CANDIDATE: 'Store closure candidate', PARTNER_ROI_BELOW_ONE: 'Partner ROI below 1'
    }
  };

  const state = { lang: localStorage.getItem('pulse.lang') || 'zh-CN', me: null, tiles: new Map(), alerts: new Map(),
                  kpis: [], plan: null, channel: null, source: null, lastEventId: 0, charts: {} };
  const $ = (id) => document.getElementById(id);
  const t = (key) => (TEXT[state.lang] || TEXT.en)[key] || key;
  const money = (v) => v == null ? t('noData') : new Intl.NumberFormat(state.lang, { style: 'currency', currency: 'CNY' }).format(v);
  const num = (v) => v == null ? t('noData') : new Intl.NumberFormat(state.lang).format(v);
  const pct = (v) => v == null ? t('noData') : new Intl.NumberFormat(state.lang, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const hours = (s) => s == null ? t('noData') : new Intl.NumberFormat(state.lang, { maximumFractionDigits: 1 }).format(s / 3600) + ' h';
  // Days and times are those of the business zone the server names, not the browser's own zone.
  const zone = () => (state.me && state.me.businessZone) || 'Asia/Shanghai';
  const time = (iso) => new Intl.DateTimeFormat(state.lang, { dateStyle: 'short', timeStyle: 'short', timeZone: zone() }).format(new Date(iso));
  const day = (iso) => new Intl.DateTimeFormat('en-CA', { timeZone: zone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    $('lang').value = state.lang;
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    renderTiles();
    renderAlerts();
    renderPlan();
    setConnected(state.connected !== false);
  }

  async function api(path, onHeaders) {
    const res = await fetch(path, { credentials: 'same-origin' });
    if (res.status === 401) { showLogin(); throw new Error('401'); }
    if (!res.ok) { const err = new Error(String(res.status)); err.status = res.status; throw err; }
    if (onHeaders) onHeaders(res.headers);
    return res.json();
  }

  function showLogin() {
    closeStream();
    state.me = null;
    $('login').hidden = false; $('overview').hidden = true; $('detail').hidden = true; $('logout').hidden = true;
    $('who').textContent = '';
  }

  async function start() {
    try {
      state.me = await api('/api/me');
    } catch (e) { return; }
    $('login').hidden = true; $('logout').hidden = false;
    $('who').textContent = state.me.name;
    // The snapshot says which event it includes; the stream continues right after it.
    const tiles = await api('/api/channels', (h) => { state.lastEventId = Number(h.get('X-Last-Event-Id') || 0); });
    state.tiles = new Map(tiles.map((x) => [x.channelId, x]));
    const firing = await api('/api/alerts');
    state.alerts = new Map(firing.map((a) => [a.alertId, a]));
    openStream();
    route();
  }

  // Red: something is broken now (a breach today, or low compliance with an open alert).
  // Amber: worth a look (any open alert, compliance under 90%, or p95 above 18 h of the 24 h SLA).
  function level(tile) {
    const w = tile.lastWindow || {};
    const lowCompliance = w.priceComplianceRate != null && w.priceComplianceRate < 0.9;
    if (tile.slaBreachesToday > 0 || (lowCompliance && tile.openAlerts > 0)) return 'bad';
    if (tile.openAlerts > 0 || lowCompliance || (w.responseTimeP95Seconds || 0) > SLA_SECONDS * 0.75) return 'warn';
    return 'ok';
  }

  function renderTiles() {
    const box = $('tiles');
    if (!box) return;
    box.innerHTML = '';
    for (const tile of [...state.tiles.values()].sort((a, b) => a.channelId.localeCompare(b.channelId))) {
      const w = tile.lastWindow || {};
      const el = document.createElement('article');
      el.className = 'tile ' + level(tile);
      el.dataset.testid = 'tile';
      el.dataset.channel = tile.channelId;
      el.setAttribute('data-testid', 'tile-' + tile.channelId);
      const p95 = w.responseTimeP95Seconds;
      el.innerHTML = `<h3>${escape(tile.channelId)} <small>${escape(tile.channelType || '')}</small></h3><dl>
        <dt>${t('revenueToday')}</dt><dd data-testid="revenue-today">${money(tile.revenueToday)}</dd>
        <dt>${t('unitsToday')}</dt><dd>${num(tile.unitsToday)}</dd>
        <dt>${t('lastWindow')}</dt><dd data-testid="revenue-last">${money(w.revenue)}</dd>
        <dt>${t('complianceRate')}</dt><dd class="${w.priceComplianceRate != null && w.priceComplianceRate < 0.9 ? 'bad-text' : ''}">${pct(w.priceComplianceRate)}</dd>
        <dt>${t('responseP95')}</dt><dd class="${p95 > SLA_SECONDS ? 'bad-text' : p95 > SLA_SECONDS * 0.75 ? 'warn-text' : ''}">${hours(p95)} / 24 h</dd>
        <dt>${t('slaBreaches')}</dt><dd>${num(tile.slaBreachesToday)}</dd>
        <dt>${t('openAlerts')}</dt><dd data-testid="open-alerts" class="${tile.openAlerts > 0 ? 'bad-text' : ''}">${num(tile.openAlerts)}</dd></dl>`;
      el.addEventListener('click', () => { location.hash = '#/channel/' + encodeURIComponent(tile.channelId); });
      box.appendChild(el);
    }
  }

  function renderAlerts() {
    const list = $('alerts');
    if (!list || !state.channel) return;
    list.innerHTML = '';
    const mine = [...state.alerts.values()].filter((a) => a.channelId === state.channel)
      .sort((a, b) => b.eventTime.localeCompare(a.eventTime));
    for (const a of mine) {
      const li = document.createElement('li');
      li.className = a.status;
      li.setAttribute('data-testid', 'alert-' + a.alertId);
      li.dataset.status = a.status;
      li.innerHTML = `<span class="status">${t(a.status)}</span>${escape(a.rule)} · ${time(a.eventTime)}<br>${escape(a.summary)}
        <div class="evidence">${escape((a.evidence || []).join(', '))}</div>`;
      list.appendChild(li);
    }
  }

  const ECONOMICS = ['INEFFICIENT_CHANNEL', 'STORE_CLOSURE_CANDIDATE', 'PARTNER_ROI_BELOW_ONE'];
  const ratio = (v) => v == null ? t('noData') : new Intl.NumberFormat(state.lang, { maximumFractionDigits: 2 }).format(v);

  // The channel plan: shares of the last closed month, the partner table of the last close, open plan alerts.
  function renderPlan() {
    if (!$('plan') || !state.channel) return;
    // nothing shown of another channel while this one's plan loads
    const p = state.plan && state.plan.channelId === state.channel ? state.plan : { partners: [], openAlerts: [] };
    const m = p.month;
    $('plan').querySelector('[data-testid=plan-period]').textContent = m ? m.period : t('noData');
    const sales = $('plan').querySelector('[data-testid=sales-share]');
    const cost = $('plan').querySelector('[data-testid=cost-share]');
    sales.textContent = pct(m && m.salesShare); cost.textContent = pct(m && m.costShare);
    // the plan's limits: under 5% of sales with over 10% of costs is an inefficient channel
    sales.className = m && m.salesShare != null && m.salesShare < 0.05 ? 'warn-text' : '';
    cost.className = m && m.costShare != null && m.costShare > 0.10 ? 'warn-text' : '';
    const rows = $('partner-rows');
    rows.innerHTML = '';
    if (!p.partners.length) {
      rows.innerHTML = `<tr><td colspan="5" class="empty">${escape(t('noPartners'))}</td></tr>`;
    }
    for (const r of p.partners) {
      const tr = document.createElement('tr');
      tr.setAttribute('data-testid', 'partner-' + r.partnerId);
      const change = r.lastChange ? `${escape(r.lastChange.period)}: ${escape(t(r.lastChange.from))} → ${escape(t(r.lastChange.to))}` : t('noData');
      tr.innerHTML = `<td>${escape(r.partnerId)}</td><td data-testid="tier" data-tier="${escape(r.tier)}">${escape(t(r.tier))}</td>
        <td data-testid="revenue">${money(r.revenue)}</td>
        <td data-testid="roi" class="${r.roi != null && r.roi < 1 ? 'bad-text' : ''}">${ratio(r.roi)}</td>
        <td data-testid="tier-change">${change}</td>`;
      rows.appendChild(tr);
    }
    const list = $('plan-alerts');
    list.innerHTML = '';
    if (!p.openAlerts.length) list.innerHTML = `<li class="empty">${escape(t('noPlanAlerts'))}</li>`;
    for (const a of p.openAlerts) {
      const li = document.createElement('li');
      li.className = a.status;
      li.setAttribute('data-testid', 'plan-alert-' + a.alertId);
      const who = a.outletId || a.partnerId || a.channelId;
      li.innerHTML = `<span class="status">${escape(t(a.rule))}</span>${escape(who)} · ${escape((a.details && a.details.period) || '')}<br>${escape(a.summary)}`;
      list.appendChild(li);
    }
  }

  async function loadPlan(channel) {
    try {
      state.plan = await api('/api/channels/' + encodeURIComponent(channel) + '/plan');
      renderPlan();
    } catch (e) { /* 401 shows the login; 403 is shown by the KPIs */ }
  }

  function chart(id, series, data) {
    const el = $(id);
    if (state.charts[id]) { state.charts[id].setData(data); return; }
    el.innerHTML = '';
    state.charts[id] = new uPlot({ width: Math.max(300, el.clientWidth || 600), height: 180, series: [{}].concat(series),
      axes: [{}, {}] }, data, el);
  }

  function renderCharts() {
    const k = state.kpis;
    const x = k.map((w) => Date.parse(w.windowStart) / 1000);
    chart('chart-revenue', [{ label: t('revenue'), stroke: '#0969da' }], [x, k.map((w) => w.revenue)]);
    chart('chart-compliance', [{ label: t('compliance'), stroke: '#1a7f37' }], [x, k.map((w) => w.priceComplianceRate)]);
    chart('chart-response', [{ label: 'p50', stroke: '#8250df' }, { label: 'p95', stroke: '#cf222e' }],
      [x, k.map((w) => w.responseTimeP50Seconds), k.map((w) => w.responseTimeP95Seconds)]);
  }

  async function showChannel(channel) {
    state.channel = channel;
    $('overview').hidden = true; $('detail').hidden = false;
    $('detail-title').textContent = channel;
    $('grafana').href = (state.me.grafanaUrl || '').replace('{channelId}', encodeURIComponent(channel));
    try {
      state.kpis = await api('/api/channels/' + encodeURIComponent(channel) + '/kpis');
      $('denied').hidden = true; $('charts').hidden = false;
      Object.keys(state.charts).forEach((id) => { state.charts[id].destroy(); delete state.charts[id]; });
      renderCharts();
      renderAlerts();
      state.plan = null; renderPlan();
      await loadPlan(channel);
    } catch (e) {
      if (e.status === 403) { $('denied').hidden = false; $('charts').hidden = true; }
    }
  }

  function route() {
    if (!state.me) return;
    const m = location.hash.match(/^#\/channel\/(.+)$/);
    if (m) { showChannel(decodeURIComponent(m[1])); } else {
      state.channel = null; $('detail').hidden = true; $('overview').hidden = false; renderTiles();
    }
  }

  function setConnected(up) {
    state.connected = up;
    const el = $('connection');
    el.textContent = up ? '' : t('disconnected');
    el.className = up ? 'connection' : 'connection down';
    el.dataset.state = up ? 'up' : 'down';
  }

  function openStream() {
    closeStream();
    // EventSource resends Last-Event-ID by itself on reconnect; the parameter covers a new EventSource.
    const src = new EventSource('/api/stream?lastEventId=' + state.lastEventId);
    state.source = src;
    src.onopen = () => setConnected(true);
    src.onerror = async () => {
      setConnected(false);
      if (src.readyState === EventSource.CLOSED) {
        try { await api('/api/me'); setTimeout(openStream, 1000); } catch (e) { /* 401 shows the login */ }
      }
    };
    src.addEventListener('kpi', (ev) => { state.lastEventId = Number(ev.lastEventId); onKpi(JSON.parse(ev.data)); });
    src.addEventListener('alert', (ev) => { state.lastEventId = Number(ev.lastEventId); onAlert(JSON.parse(ev.data)); });
    // The server no longer holds the events after our last one: reload the snapshot instead of showing a gap.
    src.addEventListener('reset', () => { closeStream(); start(); });
  }

  function closeStream() {
    if (state.source) { state.source.close(); state.source = null; }
  }

  function onKpi(k) {
    const tile = state.tiles.get(k.channelId) || { channelId: k.channelId, revenueToday: 0, unitsToday: 0, slaBreachesToday: 0, openAlerts: 0 };
    const last = tile.lastWindow;
    if (!last || k.windowStart >= last.windowStart) {
      if (last && day(k.windowStart) !== day(last.windowStart)) {
        tile.revenueToday = 0; tile.unitsToday = 0; tile.slaBreachesToday = 0;
      }
      tile.lastWindow = k; tile.channelType = k.channelType || tile.channelType;
    }
    tile.revenueToday = Number(tile.revenueToday) + Number(k.revenue);
    tile.unitsToday += k.unitsSold;
    tile.slaBreachesToday += k.slaBreaches;
    state.tiles.set(k.channelId, tile);
    if (state.channel === k.channelId) { state.kpis.push(k); renderCharts(); } else if (!state.channel) { renderTiles(); }
  }

  function onAlert(a) {
    const before = state.alerts.get(a.alertId);
    state.alerts.set(a.alertId, a);
    const tile = state.tiles.get(a.channelId);
    if (tile) {
      if (a.status === 'FIRING' && (!before || before.status !== 'FIRING')) tile.openAlerts++;
      if (a.status === 'RESOLVED' && before && before.status === 'FIRING') tile.openAlerts = Math.max(0, tile.openAlerts - 1);
    }
    if (state.channel === a.channelId) {
      renderAlerts();
      // a plan alert changes the channel's plan (open alerts, a partner's ROI): reload it
      if (ECONOMICS.includes(a.rule)) loadPlan(a.channelId);
    } else if (!state.channel) renderTiles();
  }

  function escape(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  $('login').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const res = await fetch('/api/login', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: $('username').value, password: $('password').value }) });
    if (res.ok) { $('login-error').textContent = ''; $('password').value = ''; start(); }
    else { $('login-error').textContent = t(res.status === 429 ? 'lockedOut' : 'wrongLogin'); }
  });
  $('logout').addEventListener('click', async () => {
    await fetch('/api/logout', { method: 'POST', credentials: 'same-origin' });
    state.tiles.clear(); state.alerts.clear(); $('tiles').innerHTML = '';
    showLogin();
  });
  $('lang').addEventListener('change', () => { state.lang = $('lang').value; localStorage.setItem('pulse.lang', state.lang); applyLanguage(); });
  window.addEventListener('hashchange', route);
  applyLanguage();
  start();
})();
