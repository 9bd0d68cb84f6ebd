import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    path: '/staff/cohorts/:cohortId',
    name: 'staff-cohort',
    component: () => import('./views/CohortView.vue'),
    props: true,
    meta: { titleKey: 'cohorts.title', requiresAuth: true },
  },
]
