/**
 * The one stylesheet of the browser (served as /ui/static/app.css) and the HTML report (inlined):
 * system fonts only, no external assets. Colours keep text at WCAG AA contrast or better; colour is
 * never the only signal (types and sensitivities are written out too).
 */
export const ESTATE_CSS = `
:root { color-scheme: light; --ink: #111827; --muted: #4b5563; --line: #d1d5db; --bg: #f9fafb; --link: #1d4ed8;
  --focus: #b45309; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45; font-size: 15px; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px 12px; z-index: 10; }
.skip:focus { left: 8px; top: 8px; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; padding: 10px 24px;
  background: #111827; color: #fff; }
header.top a { color: #fff; }
.brand { font-weight: 700; font-size: 18px; text-decoration: none; letter-spacing: .02em; }
.brand span { color: #fbbf24; }
header.top nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 0; padding: 0; }
header.top nav a { text-decoration: none; padding: 4px 2px; }
header.top nav a[aria-current="page"] { border-bottom: 2px solid #fbbf24; }
header.top form { margin-left: auto; }
header.top button { background: transparent; color: #fff; border: 1px solid #9ca3af; border-radius: 4px; padding: 3px 10px; cursor: pointer; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 26px; margin: 12px 0 4px; word-break: break-word; }
h2 { font-size: 19px; margin: 28px 0 8px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.sub { color: var(--muted); margin: 0 0 12px; }
.crumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: 4px; padding: 0; margin: 8px 0 0; color: var(--muted); }
.crumbs li + li::before { content: "›"; margin: 0 6px 0 2px; }
.crumbs a { word-break: break-all; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 14px 0; padding: 0; }
.tiles div { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--bg); }
.tiles dt { color: var(--muted); font-size: 13px; }
.tiles dd { margin: 2px 0 0; font-size: 22px; font-weight: 650; }
.tiles dd small { font-size: 13px; font-weight: 400; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
caption { text-align: left; color: var(--muted); padding: 4px 0; caption-side: top; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; white-space: nowrap; }
tbody th { background: transparent; font-weight: 600; white-space: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #f9fafb; }
td a, .wrap { word-break: break-word; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.chip { display: inline-block; border-radius: 999px; padding: 1px 8px; margin: 1px 3px 1px 0; font-size: 12.5px;
  border: 1px solid rgba(0,0,0,.15); white-space: nowrap; }
.chip small { opacity: .85; }
.t0 { background: #dbeafe; color: #1e3a8a; } .t1 { background: #fce7f3; color: #831843; }
.t2 { background: #dcfce7; color: #14532d; } .t3 { background: #fef3c7; color: #78350f; }
.t4 { background: #ede9fe; color: #4c1d95; } .t5 { background: #cffafe; color: #164e63; }
.t6 { background: #ffe4e6; color: #881337; } .t7 { background: #e0e7ff; color: #312e81; }
.t8 { background: #ecfccb; color: #365314; } .t9 { background: #f5f5f4; color: #292524; }
.sens { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12.5px; font-weight: 600; border: 1px solid; }
.s-restricted { background: #fee2e2; color: #7f1d1d; border-color: #b91c1c; }
.s-high { background: #ffedd5; color: #7c2d12; border-color: #c2410c; }
.s-medium { background: #fef9c3; color: #713f12; border-color: #a16207; }
.s-low { background: #dcfce7; color: #14532d; border-color: #15803d; }
.s-unknown { background: #f3f4f6; color: #1f2937; border-color: #6b7280; }
svg.bar { vertical-align: middle; }
svg.bar .track { fill: #e5e7eb; }
svg.bar .f-restricted { fill: #b91c1c; } svg.bar .f-high { fill: #ea580c; } svg.bar .f-medium { fill: #ca8a04; }
svg.bar .f-low { fill: #16a34a; } svg.bar .f-unknown { fill: #6b7280; } svg.bar .f-none { fill: #9ca3af; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; list-style: none; padding: 0; margin: 6px 0; font-size: 13px; }
.legend svg { margin-right: 4px; }
.verdict { font-size: 17px; margin: 8px 0; }
.pii-yes { color: #7f1d1d; font-weight: 650; } .pii-no { color: #14532d; font-weight: 650; }
.muted { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 12px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; word-break: break-word; }
form.filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; padding: 12px; margin: 10px 0;
  border: 1px solid var(--line); border-radius: 8px; background: var(--bg); }
form.filters label { display: flex; flex-direction: column; font-size: 13px; color: #374151; gap: 2px; }
input, select, button { font: inherit; font-size: 14px; }
input[type="search"], input[type="text"], input[type="password"] { min-width: 220px; }
input, select { padding: 4px 6px; border: 1px solid #6b7280; border-radius: 4px; background: #fff; color: var(--ink); }
button.primary { background: #1d4ed8; color: #fff; border: 1px solid #1e40af; border-radius: 4px; padding: 5px 14px; cursor: pointer; }
nav.pager { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
.notice { border-left: 4px solid #1d4ed8; background: #eff6ff; padding: 8px 12px; margin: 10px 0; }
.warn { border-left: 4px solid #b91c1c; background: #fef2f2; padding: 8px 12px; margin: 10px 0; }
details.asset { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; padding: 4px 10px; }
details.asset summary { cursor: pointer; padding: 4px 0; }
footer { max-width: 1280px; margin: 0 auto; padding: 12px 24px 32px; color: var(--muted); font-size: 13px; }
@media print { header.top nav, header.top form, .skip { display: none; } details.asset { break-inside: avoid; } }
`;
