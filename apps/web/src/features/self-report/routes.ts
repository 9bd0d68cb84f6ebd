import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    // Public: the learner's one-time code is in the link's fragment (`/suivi#CODE`), never sent to a server.
    path: '/suivi',
    name: 'self-report',
    component: () => import('./views/SelfReportView.vue'),
    meta: { titleKey: 'selfReport.title' },
  },
]
