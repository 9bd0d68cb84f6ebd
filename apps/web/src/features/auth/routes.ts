import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { titleKey: 'auth.title' },
  },
  {
    path: '/account/password',
    name: 'account-password',
    component: () => import('./views/PasswordView.vue'),
    meta: { titleKey: 'auth.passwordChange.title', requiresAuth: true },
  },
]
