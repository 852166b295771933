/**
 * Styles of printed documents (invoice A4, receipts A4 / 58 mm / 80 mm). Plain CSS on purpose: the desktop
 * print hook renders the HTML in a window without the app's styles or scripts.
 */
export const DOC_CSS = `
.mbdoc { font-family: "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #111; background: #fff; line-height: 1.4; }
.mbdoc * { box-sizing: border-box; }
.mbdoc table { width: 100%; border-collapse: collapse; }
.mbdoc td, .mbdoc th { padding: 4px 6px; vertical-align: top; text-align: left; }
.mbdoc .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.mbdoc .muted { color: #555; }
.mbdoc .small { font-size: 0.85em; }
.mbdoc .strong { font-weight: 700; }
.mbdoc .center { text-align: center; }
.mbdoc .info td { color: #888; font-style: italic; }
.mbdoc .void { text-decoration: line-through; color: #888; }
.mbdoc-a4 { width: 100%; max-width: 186mm; margin: 0 auto; font-size: 10.5pt; padding: 0; }
.mbdoc-a4 .head { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; border-bottom: 2px solid #111; padding-bottom: 10px; margin-bottom: 14px; }
.mbdoc-a4 .brand { display: flex; gap: 12px; align-items: center; }
.mbdoc-a4 .brand img { max-height: 56px; max-width: 120px; object-fit: contain; }
.mbdoc-a4 .office { font-size: 1.35em; font-weight: 700; }
.mbdoc-a4 .title { font-size: 1.6em; font-weight: 700; letter-spacing: 0.04em; text-align: right; }
.mbdoc-a4 .parties { display: flex; justify-content: space-between; gap: 24px; margin-bottom: 14px; }
.mbdoc-a4 .lines th { border-bottom: 1px solid #111; font-size: 0.9em; }
.mbdoc-a4 .lines td { border-bottom: 1px solid #ddd; }
.mbdoc-a4 .totals { width: 55%; margin-left: auto; margin-top: 8px; }
.mbdoc-a4 .totals td { padding: 3px 6px; }
.mbdoc-a4 .grand td { border-top: 2px solid #111; font-weight: 700; font-size: 1.1em; }
.mbdoc-a4 .foot { margin-top: 22px; font-size: 0.9em; color: #444; border-top: 1px solid #ddd; padding-top: 8px; }
.mbdoc .stamp { display: inline-block; border: 2px solid currentColor; border-radius: 4px; padding: 2px 10px; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; }
.mbdoc .stamp.paid { color: #2b8a3e; } .mbdoc .stamp.partial { color: #e67700; } .mbdoc .stamp.open { color: #c92a2a; } .mbdoc .stamp.void { color: #868e96; }
.mbdoc-thermal { font-family: "DejaVu Sans Mono", Consolas, "Courier New", monospace; font-size: 11px; line-height: 1.35; padding: 3mm; }
.mbdoc-58 { width: 58mm; font-size: 10px; }
.mbdoc-80 { width: 80mm; }
.mbdoc-thermal .brand { text-align: center; margin-bottom: 4px; }
.mbdoc-thermal .brand img { max-width: 22mm; max-height: 16mm; object-fit: contain; filter: grayscale(1); }
.mbdoc-thermal .office { font-weight: 700; font-size: 1.15em; }
.mbdoc-thermal .muted { color: #000; } /* thermal heads print grey as speckles */
.mbdoc-thermal .rule { border-top: 1px dashed #111; margin: 5px 0; }
.mbdoc-thermal td { padding: 1px 0; }
.mbdoc-thermal .kv td:first-child { padding-right: 6px; }
.mbdoc .big td { font-size: 1.25em; font-weight: 700; color: #111; }
.mbdoc-receipt-a4 { max-width: 150mm; }
@media screen and (max-width: 600px) {
  .mbdoc-a4 .totals { width: 100%; }
  .mbdoc-a4 .parties { flex-direction: column; gap: 8px; }
  .mbdoc-a4 .title { font-size: 1.25em; }
  .mbdoc-a4 .office { font-size: 1.1em; }
}
`;
