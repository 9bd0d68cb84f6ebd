import { defineAsyncComponent } from 'vue'

/**
 * The charts, loaded on first use: chart.js stays out of the first page's bundle. Import these, not
 * the `.vue` files, from pages.
 */
export const RateChart = defineAsyncComponent(() => import('./RateChart.vue'))
export const OutcomeMixChart = defineAsyncComponent(() => import('./OutcomeMixChart.vue'))
export const FunnelChart = defineAsyncComponent(() => import('./FunnelChart.vue'))

export type { RateRow } from './RateChart.vue'
export type { OutcomeMixRow } from './OutcomeMixChart.vue'
export { outcomeMix } from './outcome-mix'
