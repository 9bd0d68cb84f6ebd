import { defineAsyncComponent } from 'vue'

/** `ChartCanvas.vue`, fetched with Chart.js the first time a chart is drawn (see `ChartFrame.vue`). */
export const ChartCanvas = defineAsyncComponent(() => import('./ChartCanvas.vue'))
