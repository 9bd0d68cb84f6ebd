import type { RouteRecordRaw } from 'vue-router'

const adminOnly = ['network_admin'] as const

export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./views/UsersView.vue'),
    meta: { titleKey: 'admin.users.title', requiresAuth: true, roles: adminOnly },
  },
  {
    path: '/admin/api-keys',
    name: 'admin-api-keys',
    component: () => import('./views/ApiKeysView.vue'),
    meta: { titleKey: 'admin.keys.title', requiresAuth: true, roles: adminOnly },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('./views/AuditView.vue'),
    meta: { titleKey: 'admin.audit.title', requiresAuth: true, roles: adminOnly },
  },
]
