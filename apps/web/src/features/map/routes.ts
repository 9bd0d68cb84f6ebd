import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  { path: '/map', name: 'map', component: () => import('./views/MapView.vue'), meta: { titleKey: 'map.title' } },
]
