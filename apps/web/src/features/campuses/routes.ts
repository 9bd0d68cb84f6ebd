import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    path: '/campuses',
    name: 'campuses',
    component: () => import('./views/CampusesView.vue'),
    meta: { titleKey: 'campuses.title' },
  },
  {
    path: '/campuses/:id',
    name: 'campus',
    component: () => import('./views/CampusView.vue'),
    props: true,
    meta: { titleKey: 'campus.title' },
  },
]
