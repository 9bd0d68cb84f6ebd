import type { Locator } from 'playwright-core'

/** Where Chart.js drew one element (a bar or a point), in CSS pixels of its canvas. */
interface DrawnElement {
  x: number
  y: number
  /** Bars: where the bar starts (the other end from `x` or `y`); points: null. */
  base: number | null
  width: number | null
  height: number | null
  /** Points: true when nothing is drawn (a withheld value). */
  skip: boolean
}

/** What a chart drew: its categories, the labels its index axis shows, and each dataset's elements. */
export interface DrawnChart {
  labels: string[]
  ticks: string[]
  indexAxis: 'x' | 'y'
  /** Pixel of 0 and of 1 (100 %) on the value axis. */
  zero: number
  one: number
  datasets: DrawnElement[][]
}

/*
 * Runs in the page, as text (so that the bundler of the test adds nothing to it): the Chart.js
 * instance of the figure's canvas, found through the Vue component that holds it (vue-chartjs
 * exposes `chart`), and the positions of what it drew.
 */
const readChart = `(figure) => {
  const canvas = figure.querySelector('canvas')
  let found = null
  const walk = (vnode) => {
    if (!vnode || found) return
    const component = vnode.component
    if (component) {
      const chart = component.exposed && component.exposed.chart && component.exposed.chart.value
      if (chart && chart.canvas === canvas) found = chart
      walk(component.subTree)
    }
    if (Array.isArray(vnode.children)) vnode.children.forEach(walk)
    if (vnode.suspense) walk(vnode.suspense.activeBranch)
  }
  walk(document.querySelector('#app').__vue_app__._container._vnode)
  if (!found) return null
  const horizontal = found.options.indexAxis === 'y'
  const index = horizontal ? found.scales.y : found.scales.x
  const value = horizontal ? found.scales.x : found.scales.y
  const number = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  return {
    labels: found.data.labels.map(String),
    ticks: index.ticks.map((tick) => [].concat(tick.label).join(' ')),
    indexAxis: horizontal ? 'y' : 'x',
    zero: value.getPixelForValue(0),
    one: value.getPixelForValue(1),
    datasets: found.data.datasets.map((_, i) =>
      found.getDatasetMeta(i).data.map((element) => ({
        x: element.x,
        y: element.y,
        base: number(element.base),
        width: number(element.width),
        height: number(element.height),
        skip: !!element.skip,
      })),
    ),
  }
}`

/**
 * Reads what the chart of `figure` has drawn, as it is at this moment (not after an animation):
 * positions come from Chart.js's own elements, the ones it paints.
 */
export async function drawnChart(figure: Locator): Promise<DrawnChart> {
  // A chart is drawn when it nears the screen, as a reader scrolling to it sees it.
  await figure.scrollIntoViewIfNeeded()
  await figure.locator('canvas').waitFor()
  const read = new Function('figure', `return (${readChart})(figure)`) as (figure: Element) => DrawnChart | null
  const drawn = await figure.evaluate(read)
  if (!drawn) throw new Error('no chart found for this figure')
  return drawn
}
