/**
 * What the charts draw with that needs no Chart.js: the palette, label placement and the hatch of
 * provisional values. Chart components import these at once; Chart.js itself (`setup.ts`) comes with
 * `ChartCanvas.vue`, loaded when a chart is about to be seen.
 */
import type { ChartOptions } from 'chart.js'

/** A value a chart draws: a number, a floating bar's [low, high], or nothing (withheld). */
export type ChartPoint = number | [number, number] | null

/** The dashboard palette (AA contrast on white for lines and text). */
export const palette = {
  ink: '#1b1f29',
  muted: '#4a5263',
  brand: '#0b4f8a',
  brandLight: '#9ec5e8',
  accent: '#b45309',
  grid: '#e3e7ee',
  mix: ['#0b4f8a', '#4f8fcb', '#2f855a', '#b45309', '#9ca3af'],
}

/**
 * Where to write the label of a vertical line at `at`: on its right, or on its left when it would
 * run past the plot (on a phone, « Objectif (80 %) » was cut to « Object… »).
 */
export function labelBeside(
  at: number,
  width: number,
  area: { left: number; right: number },
): { x: number; align: 'left' | 'right' } {
  return at + 4 + width <= area.right ? { x: at + 4, align: 'left' } : { x: at - 4, align: 'right' }
}

/**
 * A category label in lines of at most `max` characters, cut after hyphens and spaces
 * (« Châlons-en-Champagne » → « Châlons-en- », « Champagne »), so that a narrow chart does not cut
 * it at its start. A word longer than `max` stays whole.
 */
export function wrapLabel(label: string, max = 12): string | string[] {
  if (label.length <= max) return label
  const pieces = label.match(/[^\s-]+-?\s*/g) ?? [label]
  const lines: string[] = []
  let line = ''
  for (const piece of pieces) {
    if (line && (line + piece).trimEnd().length > max) {
      lines.push(line.trimEnd())
      line = ''
    }
    line += piece
  }
  if (line) lines.push(line.trimEnd())
  return lines.length > 1 ? lines : label
}

/**
 * Diagonal stripes of `color` on white: how a provisional value is drawn, so that it reads apart
 * from a final one without relying on colour alone. Plain `color` where there is no canvas (tests).
 */
export function hatch(color: string): CanvasPattern | string {
  const tile = globalThis.document?.createElement('canvas')
  const context = tile?.getContext('2d')
  if (!tile || !context) return color
  tile.width = 8
  tile.height = 8
  context.fillStyle = '#fff'
  context.fillRect(0, 0, 8, 8)
  context.strokeStyle = color
  context.lineWidth = 2
  context.beginPath()
  context.moveTo(0, 8)
  context.lineTo(8, 0)
  context.moveTo(-2, 2)
  context.lineTo(2, -2)
  context.moveTo(6, 10)
  context.lineTo(10, 6)
  context.stroke()
  return context.createPattern(tile, 'repeat') ?? color
}

/**
 * Diagonal stripes of several colours: how a band that merges neighbouring situations is drawn (each
 * alone is withheld, their sum is published), so that it reads as "these together". Also as CSS for
 * the legend's swatch. Plain first colour where there is no canvas (tests).
 */
export function stripes(colors: readonly string[]): CanvasPattern | string {
  const tile = globalThis.document?.createElement('canvas')
  const context = tile?.getContext('2d')
  if (!tile || !context || colors.length === 0) return colors[0] ?? palette.muted
  const size = 8 * colors.length
  tile.width = size
  tile.height = size
  // Bands of 8 px across the tile's diagonal, one colour each, repeating seamlessly.
  colors.forEach((color, i) => {
    context.fillStyle = color
    for (const shift of [-size, 0, size]) {
      context.beginPath()
      context.moveTo(shift + i * 8, 0)
      context.lineTo(shift + (i + 1) * 8, 0)
      context.lineTo(shift + (i + 1) * 8 - size, size)
      context.lineTo(shift + i * 8 - size, size)
      context.closePath()
      context.fill()
    }
  })
  return context.createPattern(tile, 'repeat') ?? colors[0]!
}

/** The CSS of the same stripes, for a legend's swatch. */
export const stripesCss = (colors: readonly string[]) =>
  `repeating-linear-gradient(45deg, ${colors.map((color, i) => `${color} ${i * 6}px ${(i + 1) * 6}px`).join(', ')})`

type Options = ChartOptions<'bar' | 'line'>

/**
 * The options every chart of the dashboard shares: sized by its box, no Chart.js legend (each chart
 * says its legend in words), numbers in the reader's locale, and the `trajectoiresTarget` plugin: the
 * target line, when there is one (`target`; else on the `x` axis with no value), and "secret
 * statistique" at the withheld categories (`secret`).
 */
export function chartOptions(own: {
  locale: 'fr' | 'en'
  indexAxis: 'x' | 'y'
  scales: Options['scales']
  tooltip: NonNullable<Options['plugins']>['tooltip']
  secret: { indexes: number[]; label: string }
  target?: { value: number | null; label: string; axis: 'x' | 'y' }
}): Options {
  return {
    responsive: true,
    maintainAspectRatio: false,
    indexAxis: own.indexAxis,
    locale: own.locale === 'fr' ? 'fr-FR' : 'en-GB',
    scales: own.scales,
    plugins: {
      legend: { display: false },
      tooltip: own.tooltip,
      trajectoiresTarget: { ...(own.target ?? { value: null, label: '', axis: 'x' }), secret: own.secret },
    },
  }
}
