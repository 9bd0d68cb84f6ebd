import { createRouter, createWebHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import type { MessageKey } from './i18n'
import { routes as campusesRoutes } from './features/campuses/routes'
import { routes as mapRoutes } from './features/map/routes'
import { routes as metricsRoutes } from './features/metrics/routes'
import { routes as overviewRoutes } from './features/overview/routes'
import { routes as adminRoutes } from './features/admin/routes'
import { routes as authRoutes } from './features/auth/routes'
import { routes as cohortsRoutes } from './features/cohorts/routes'
import { routes as importsRoutes } from './features/imports/routes'
import { routes as partnersRoutes } from './features/partners/routes'
import { routes as staffRoutes } from './features/staff/routes'
import { routes as selfReportRoutes } from './features/self-report/routes'
import { installAuthGuard } from './features/auth/guard'

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title, translated; the document title is `<title> · Trajectoires`. */
    titleKey?: MessageKey
  }
}

/** Each feature declares its pages in `features/<x>/routes.ts`; they are spread in here, the catch-all last. */
const routes: RouteRecordRaw[] = [
  ...overviewRoutes,
  ...mapRoutes,
  ...campusesRoutes,
  ...metricsRoutes,
  ...adminRoutes,
  ...authRoutes,
  ...cohortsRoutes,
  ...importsRoutes,
  ...partnersRoutes,
  ...staffRoutes,
  ...selfReportRoutes,
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./features/home/views/NotFoundView.vue'),
    meta: { titleKey: 'notFound.title' },
  },
]

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  installAuthGuard(router)
  return router
}
