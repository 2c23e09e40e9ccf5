// Tally console: a stacked bar chart drawn as SVG, with a partial last bar and its projection.
'use strict';

const TallyChart = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  // Okabe-Ito, readable by people with the common colour-vision deficiencies.
  const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];

  function el(name, attrs, ...children) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) {
      node.setAttribute(k, String(v));
    }
    for (const child of children) {
      node.append(child);
    }
    return node;
  }

  function title(text) {
    const t = el('title');
    t.textContent = text;
    return t;
  }

  function text(attrs, content) {
    const t = el('text', attrs);
    t.textContent = content;
    return t;
  }

  /** A round upper bound for the axis: 1, 2 or 5 times a power of ten, at least max. */
  function niceMax(max) {
    if (max <= 0) {
      return 1;
    }
    const power = Math.pow(10, Math.floor(Math.log10(max)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (step * power >= max) {
        return step * power;
      }
    }
    return 10 * power;
  }

  /** The colour of the i-th series. */
  function color(i) {
    return PALETTE[i % PALETTE.length];
  }

  /**
   * Draws the chart.
   *
   * @param bars [{label, title, segments: [numbers, one per series], partial, projection}]
   * @param series the series' names, in stacking order (bottom first)
   * @param formatValue formats an axis or bar value (a number) with its currency
   * @returns an <svg> element
   */
  function stackedBars(bars, series, formatValue, description) {
    const width = 760;
    const height = 340;
    const pad = { top: 24, right: 12, bottom: 44, left: 76 };
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const totals = bars.map((b) => b.segments.reduce((a, v) => a + v, 0));
    const highest = Math.max(0, ...totals, ...bars.map((b) => b.projection || 0));
    const top = niceMax(highest);
    const y = (v) => pad.top + plotH - (v / top) * plotH;
    const slot = plotW / Math.max(1, bars.length);
    const barW = Math.max(6, Math.min(44, slot * 0.62));

    const svg = el('svg', {
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': 'chart-title chart-desc',
      class: 'chart',
      preserveAspectRatio: 'xMidYMid meet',
    });
    svg.append(title(description.title));
    svg.firstChild.setAttribute('id', 'chart-title');
    const desc = el('desc', { id: 'chart-desc' });
    desc.textContent = description.text;
    svg.append(desc);

    const defs = el(
      'defs',
      {},
      el(
        'pattern',
        {
          id: 'partial-hatch',
          width: 6,
          height: 6,
          patternUnits: 'userSpaceOnUse',
          patternTransform: 'rotate(45)',
        },
        el('rect', { width: 6, height: 6, fill: '#ffffff', 'fill-opacity': 0 }),
        el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#ffffff', 'stroke-width': 2, 'stroke-opacity': 0.55 }),
      ),
    );
    svg.append(defs);

    // Grid and axis labels.
    for (let i = 0; i <= 4; i++) {
      const v = (top / 4) * i;
      svg.append(
        el('line', {
          x1: pad.left,
          x2: width - pad.right,
          y1: y(v),
          y2: y(v),
          stroke: i === 0 ? '#4a5563' : '#d5dae1',
          'stroke-width': 1,
        }),
        text(
          { x: pad.left - 8, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' },
          formatValue(v),
        ),
      );
    }

    bars.forEach((bar, i) => {
      const x = pad.left + slot * i + (slot - barW) / 2;
      const group = el('g', { class: bar.partial ? 'bar partial' : 'bar' });
      let base = 0;
      bar.segments.forEach((value, s) => {
        if (value <= 0) {
          return;
        }
        const rect = el('rect', {
          x,
          y: y(base + value),
          width: barW,
          height: Math.max(0.5, y(base) - y(base + value)),
          fill: color(s),
        });
        rect.append(title(`${bar.title}, ${series[s]}: ${formatValue(value)}`));
        group.append(rect);
        if (bar.partial) {
          group.append(
            el('rect', {
              x,
              y: y(base + value),
              width: barW,
              height: Math.max(0.5, y(base) - y(base + value)),
              fill: 'url(#partial-hatch)',
              'pointer-events': 'none',
            }),
          );
        }
        base += value;
      });
      if (bar.partial && bar.projection > base) {
        const outline = el('rect', {
          x: x + 0.75,
          y: y(bar.projection),
          width: barW - 1.5,
          height: Math.max(0.5, y(base) - y(bar.projection)),
          fill: 'none',
          stroke: '#1f2937',
          'stroke-width': 1.5,
          'stroke-dasharray': '4 3',
          class: 'projection',
        });
        outline.append(title(`${bar.title}: projected ${formatValue(bar.projection)} by month end`));
        group.append(outline);
      }
      if (bar.partial) {
        group.append(
          text(
            { x: x + barW / 2, y: y(Math.max(base, bar.projection || 0)) - 6, 'text-anchor': 'middle', class: 'bar-note' },
            'partial',
          ),
        );
      }
      group.append(
        text(
          { x: x + barW / 2, y: height - pad.bottom + 16, 'text-anchor': 'middle', class: 'axis' },
          bar.label,
        ),
      );
      svg.append(group);
    });
    return svg;
  }

  return { stackedBars, color };
})();
