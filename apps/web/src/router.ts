import { createRouter, createWebHistory, type RouterHistory } from 'vue-router'
import type { MessageKey } from './i18n'
import HomeView from './features/home/views/HomeView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title, translated; the document title is `<title> · Trajectoires`. */
    titleKey?: MessageKey
  }
}

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  return createRouter({
    history,
    routes: [
      { path: '/', name: 'home', component: HomeView, meta: { titleKey: 'home.title' } },
      {
        path: '/campuses',
        name: 'campuses',
        component: () => import('./features/campuses/views/CampusesView.vue'),
        meta: { titleKey: 'campuses.title' },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./features/home/views/NotFoundView.vue'),
        meta: { titleKey: 'notFound.title' },
      },
    ],
  })
}
