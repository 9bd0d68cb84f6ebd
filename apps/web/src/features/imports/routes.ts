import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    path: '/staff/import',
    name: 'staff-import',
    component: () => import('./views/ImportView.vue'),
    meta: { titleKey: 'imports.title', requiresAuth: true, roles: ['network_admin', 'campus_staff'] },
  },
]
