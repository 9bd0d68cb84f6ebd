import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js'
import { labelBeside, palette } from './draw'

/** Only what the dashboard's charts draw is registered, so the chart chunk stays small. */
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
)
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
Chart.defaults.color = '#1b1f29'
// Figures are drawn at their value from the first frame: an animated chart spends a second with its
// bars short of their value (an outcome mix "stopping at 70 %"), which a reader, a screenshot or a
// print may catch. Nothing moves, whatever the reader's motion preference.
Chart.defaults.animation = false

interface TargetLineOptions {
  /** The target, as a fraction; nothing is drawn when null. */
  value: number | null
  label: string
  /** `y` for vertical bars (a horizontal line), `x` for horizontal bars. */
  axis: 'x' | 'y'
  /** Category indexes whose value is withheld, with the words drawn in their place. */
  secret: { indexes: number[]; label: string }
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    /** Options of the dashboard's `trajectoiresTarget` plugin (target line and withheld values). */
    trajectoiresTarget?: TargetLineOptions & { _type?: TType }
  }
}

/** Draws the target as a dashed line across the plot, and "secret statistique" where a value is withheld. */
export const targetLinePlugin: Plugin = {
  id: 'trajectoiresTarget',
  afterDatasetsDraw(chart, _args, options: TargetLineOptions) {
    const { ctx, chartArea } = chart
    const valueScale = chart.scales[options.axis]
    const indexScale = chart.scales[options.axis === 'y' ? 'x' : 'y']
    if (!valueScale || !indexScale) return
    ctx.save()
    if (options.value !== null) {
      const at = valueScale.getPixelForValue(options.value)
      ctx.strokeStyle = palette.accent
      ctx.lineWidth = 2
      ctx.setLineDash([6, 4])
      ctx.beginPath()
      if (options.axis === 'y') {
        ctx.moveTo(chartArea.left, at)
        ctx.lineTo(chartArea.right, at)
      } else {
        ctx.moveTo(at, chartArea.top)
        ctx.lineTo(at, chartArea.bottom)
      }
      ctx.stroke()
      ctx.setLineDash([])
      ctx.fillStyle = palette.accent
      ctx.font = `600 12px ${Chart.defaults.font.family}`
      if (options.axis === 'y') {
        ctx.textAlign = 'right'
        ctx.textBaseline = 'bottom'
        ctx.fillText(options.label, chartArea.right - 4, at - 3)
      } else {
        const place = labelBeside(at, ctx.measureText(options.label).width, chartArea)
        ctx.textAlign = place.align
        ctx.textBaseline = 'top'
        ctx.fillText(options.label, place.x, chartArea.top + 2)
      }
    }
    ctx.fillStyle = palette.muted
    ctx.font = `italic 12px ${Chart.defaults.font.family}`
    for (const index of options.secret.indexes) {
      const at = indexScale.getPixelForValue(index)
      if (options.axis === 'y') {
        ctx.save()
        ctx.translate(at, chartArea.bottom - 6)
        ctx.rotate(-Math.PI / 2)
        ctx.textAlign = 'left'
        ctx.textBaseline = 'middle'
        ctx.fillText(options.secret.label, 0, 0)
        ctx.restore()
      } else {
        ctx.textAlign = 'left'
        ctx.textBaseline = 'middle'
        ctx.fillText(options.secret.label, chartArea.left + 6, at)
      }
    }
    ctx.restore()
  },
}
