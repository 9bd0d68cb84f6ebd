import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    path: '/staff/partners',
    name: 'staff-partners',
    component: () => import('./views/PartnersView.vue'),
    meta: { titleKey: 'partners.title', requiresAuth: true },
  },
]
